using Rampart.Catalogue;
using Rampart.Diagnostics;

namespace Rampart.Cli;

/// <summary>What every command needs: output streams, the clock and the catalogue. Injected so tests run in-process.</summary>
internal sealed record CliContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TimeProvider Time { get; init; }

    public SecurityCatalogue Catalogue { get; init; } = SecurityCatalogue.Default;

    public IReadOnlyList<Checks.ICheck> Checks { get; init; } = Registry.Checks();

    public int Problems(IEnumerable<Problem> problems, string summary)
    {
        var count = 0;
        foreach (var problem in problems)
        {
            Error.WriteLine($"error: {problem}");
            count++;
        }

        Error.WriteLine($"{count} problem{(count == 1 ? string.Empty : "s")} {summary}.");
        return ExitCodes.Usage;
    }

    /// <summary>Progress of a long command: one line on stderr per step, such as <c>robustness: PGD</c>.</summary>
    /// <param name="command">The command's name, prefixed to each line.</param>
    /// <returns>The receiver (synchronous, safe from any thread).</returns>
    public IProgress<string> Progress(string command) => new LineProgress(Error, command);

    public int UsageError(string message)
    {
        Error.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }
}

/// <summary>Writes each report as one line on stderr, at once and in order (unlike <see cref="Progress{T}"/>, which posts to a synchronisation context).</summary>
internal sealed class LineProgress(TextWriter error, string prefix) : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            error.WriteLine($"{prefix}: {value}");
        }
    }
}
