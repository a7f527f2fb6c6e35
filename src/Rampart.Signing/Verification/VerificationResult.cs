using System.Collections.Immutable;
using Rampart.Signing.Bundles;

namespace Rampart.Signing.Verification;

/// <summary>The outcome of verifying an OMS signature: every problem found, and notes that do not fail it.</summary>
public sealed record VerificationResult
{
    /// <summary>Every problem; empty when the signature verifies.</summary>
    public required ImmutableArray<VerificationProblem> Problems { get; init; }

    /// <summary>Notes that do not fail verification, such as what was not checked.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>The signed statement, when the signature verified and the statement parsed; otherwise null.</summary>
    public InTotoStatement? Statement { get; init; }

    /// <summary>Whether the signature and the model verify.</summary>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>The files whose content changed.</summary>
    public IEnumerable<string> ChangedFiles => PathsOf(VerificationProblemKind.FileChanged);

    /// <summary>The files present but not signed.</summary>
    public IEnumerable<string> AddedFiles => PathsOf(VerificationProblemKind.FileAdded);

    /// <summary>The signed files that are missing.</summary>
    public IEnumerable<string> RemovedFiles => PathsOf(VerificationProblemKind.FileRemoved);

    private IEnumerable<string> PathsOf(VerificationProblemKind kind) =>
        Problems.Where(p => p.Kind == kind && p.Path is not null).Select(p => p.Path!);
}
