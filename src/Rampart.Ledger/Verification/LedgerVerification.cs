using System.Collections.Immutable;

namespace Rampart.Ledger.Verification;

/// <summary>The outcome of verifying a whole ledger.</summary>
/// <param name="Size">The recorded number of entries.</param>
/// <param name="EntriesChecked">How many entry rows were read and rehashed.</param>
/// <param name="NodesChecked">How many stored interior nodes were compared.</param>
/// <param name="CheckpointsChecked">How many checkpoints were checked.</param>
/// <param name="Root">The root recomputed from the entries at <paramref name="Size"/>.</param>
/// <param name="Problems">Everything found wrong, in the order found (entries before checkpoints); empty when valid.</param>
public sealed record LedgerVerification(long Size, long EntriesChecked, long NodesChecked, int CheckpointsChecked, ImmutableArray<byte> Root, ImmutableArray<LedgerProblem> Problems)
{
    /// <summary>Whether nothing was found wrong.</summary>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>
    /// The first entry that differs: the lowest entry index an entry or node problem names, or, when only checkpoints
    /// disagree, the lowest index a checkpoint problem names (the start of the range that differs from what was
    /// signed). Null when no problem concerns entries.
    /// </summary>
    public long? FirstBadEntry =>
        Problems.Where(p => p.Entry is not null && p.Checkpoint is null).Select(p => p.Entry).Min()
        ?? Problems.Where(p => p.Entry is not null).Select(p => p.Entry).Min();
}
