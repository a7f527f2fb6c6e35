namespace Rampart.Ledger.Verification;

/// <summary>Options for <c>Ledger.Verify</c>.</summary>
public sealed record VerifyOptions
{
    /// <summary>Also parse every entry as an event and check its schema and canonical form (on by default; costs a few microseconds an entry).</summary>
    public bool CheckEvents { get; init; } = true;

    /// <summary>Stop collecting problems after this many (default 100); the first ones are the informative ones.</summary>
    public int MaxProblems { get; init; } = 100;
}
