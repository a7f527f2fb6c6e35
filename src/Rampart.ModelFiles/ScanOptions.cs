using System.Collections.Immutable;

namespace Rampart.ModelFiles;

/// <summary>How to scan.</summary>
public sealed record ScanOptions
{
    /// <summary>The defaults.</summary>
    public static readonly ScanOptions Default = new();

    /// <summary>Default-deny: unknown pickle globals, unknown operators and custom objects are dangerous, not suspicious.</summary>
    public bool Strict { get; init; }

    /// <summary>Also read tensor values (NaN, infinities, extreme values). Without it, tensor payloads are skipped.</summary>
    public bool Deep { get; init; }

    /// <summary>Glob patterns a file's path (relative to the folder scanned) must match when any is given.</summary>
    public ImmutableArray<string> Include { get; init; } = [];

    /// <summary>Glob patterns of files and folders to skip.</summary>
    public ImmutableArray<string> Exclude { get; init; } = [];

    /// <summary>Extra pickle globals (<c>module.name</c>) to treat as safe, reviewed by the user.</summary>
    public ImmutableArray<string> AllowGlobals { get; init; } = [];

    /// <summary>Limits.</summary>
    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>How many files to scan at once (default: processor count).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}
