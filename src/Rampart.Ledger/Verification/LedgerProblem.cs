namespace Rampart.Ledger.Verification;

/// <summary>One thing verification found wrong.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Entry">The first entry index it concerns, when it concerns entries.</param>
/// <param name="Checkpoint">The checkpoint's sequence number, when it concerns a checkpoint.</param>
/// <param name="Message">A sentence naming the entry, node or checkpoint and what differs.</param>
public sealed record LedgerProblem(LedgerProblemKind Kind, long? Entry, long? Checkpoint, string Message)
{
    /// <summary>Returns the message.</summary>
    public override string ToString() => Message;
}
