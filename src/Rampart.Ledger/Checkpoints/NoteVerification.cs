using System.Collections.Immutable;

namespace Rampart.Ledger.Checkpoints;

/// <summary>The outcome of verifying a signed note against a set of known keys.</summary>
/// <param name="Failure">What failed; <see cref="NoteFailure.None"/> when the note verified.</param>
/// <param name="Message">Empty when valid; otherwise what failed, naming the line and key.</param>
/// <param name="VerifiedBy">The known keys whose signatures verified.</param>
public sealed record NoteVerification(NoteFailure Failure, string Message, ImmutableArray<NoteVerifier> VerifiedBy)
{
    /// <summary>Whether the note verified.</summary>
    public bool IsValid => Failure == NoteFailure.None;
}
