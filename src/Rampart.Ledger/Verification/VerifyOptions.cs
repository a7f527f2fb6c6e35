using System.Collections.Immutable;
using Rampart.Ledger.Checkpoints;

namespace Rampart.Ledger.Verification;

/// <summary>Options for <c>Ledger.Verify</c>.</summary>
public sealed record VerifyOptions
{
    /// <summary>Also parse every entry as an event and check its schema and canonical form (on by default; costs a few microseconds an entry).</summary>
    public bool CheckEvents { get; init; } = true;

    /// <summary>Stop collecting problems after this many (default 100); the first ones are the informative ones.</summary>
    public int MaxProblems { get; init; } = 100;

    /// <summary>
    /// The checkpoint key to trust, obtained independently of the ledger (for example printed at <c>init</c>). When
    /// set, checkpoints are verified with it, and a different key stored in the ledger is a problem: without it,
    /// someone able to rewrite the file could replace the key and re-sign every checkpoint. Null (the default) trusts
    /// the key stored in the ledger.
    /// </summary>
    public NoteVerifier? TrustedKey { get; init; }

    /// <summary>
    /// Signed checkpoint notes kept outside the ledger (published, handed out in receipts, cosigned). Each must verify
    /// with the ledger's key and the ledger must still contain its tree: same root at its size.
    /// </summary>
    public ImmutableArray<string> ExternalCheckpoints { get; init; } = [];
}
