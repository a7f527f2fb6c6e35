using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles;

/// <summary>One problem the scanner found in a file.</summary>
public sealed record ScanFinding
{
    /// <summary>The rule, for example <c>RMP-MF-101</c>.</summary>
    public required string RuleId { get; init; }

    /// <summary>The verdict this finding gives its file.</summary>
    public required FileVerdict Verdict { get; init; }

    /// <summary>Severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>What was found, in plain words.</summary>
    public required string Message { get; init; }

    /// <summary>The exact imported callable (<c>os.system</c>) or operator (<c>ReadFile</c>), or <c>null</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>Where.</summary>
    public required ScanLocation Location { get; init; }

    /// <summary>Supporting facts, sorted by key.</summary>
    public ImmutableSortedDictionary<string, string> Evidence { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
}
