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

    public int UsageError(string message)
    {
        Error.WriteLine($"error: {message}");
        return ExitCodes.Usage;
    }
}
