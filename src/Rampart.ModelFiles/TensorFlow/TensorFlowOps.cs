using System.Collections.Frozen;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>The standard TensorFlow operators and the risky ones, from embedded lists.</summary>
internal static class TensorFlowOps
{
    private static readonly Lazy<FrozenSet<string>> KnownOps = new(() => Load("tf-ops.txt").Select(line => line.Trim()).ToFrozenSet(StringComparer.Ordinal));

    private static readonly Lazy<FrozenDictionary<string, OpRisk>> RiskyOps = new(() => Load("tf-risky-ops.txt")
        .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .ToFrozenDictionary(parts => parts[0], parts => Enum.Parse<OpRisk>(parts[1], ignoreCase: true), StringComparer.Ordinal));

    /// <summary>Whether the operator is a standard TensorFlow operator.</summary>
    /// <param name="op">The operator name.</param>
    /// <returns><c>true</c> when standard.</returns>
    public static bool IsKnown(string op) => KnownOps.Value.Contains(op);

    /// <summary>The risk of an operator, or <c>null</c> when it has no effect outside the computation.</summary>
    /// <param name="op">The operator name.</param>
    /// <returns>The risk, or <c>null</c>.</returns>
    public static OpRisk? RiskOf(string op) => RiskyOps.Value.TryGetValue(op, out var risk) ? risk : null;

    /// <summary>Every standard operator (for tests).</summary>
    public static IReadOnlySet<string> Known => KnownOps.Value;

    private static List<string> Load(string name)
    {
        using var stream = typeof(TensorFlowOps).Assembly.GetManifestResourceStream("Rampart.ModelFiles.TensorFlow." + name)
            ?? throw new InvalidOperationException($"The embedded list {name} is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
