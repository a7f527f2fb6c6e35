namespace Rampart.Ledger.Merkle;

/// <summary>The outcome of verifying a Merkle proof: valid, or what failed and why.</summary>
/// <param name="Failure">What failed; <see cref="ProofFailure.None"/> when the proof verified.</param>
/// <param name="Message">A sentence for people: empty when valid, otherwise the failure with the numbers involved.</param>
public sealed record ProofVerification(ProofFailure Failure, string Message)
{
    /// <summary>The result of a proof that verified.</summary>
    public static ProofVerification Valid { get; } = new(ProofFailure.None, string.Empty);

    /// <summary>Whether the proof verified.</summary>
    public bool IsValid => Failure == ProofFailure.None;

    internal static ProofVerification Fail(ProofFailure failure, string message) => new(failure, message);
}
