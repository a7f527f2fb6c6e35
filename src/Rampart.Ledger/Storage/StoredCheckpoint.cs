namespace Rampart.Ledger.Storage;

/// <summary>A stored signed checkpoint.</summary>
/// <param name="Id">Its sequence number in the store, from 1.</param>
/// <param name="Size">The tree size it was made for, as recorded beside the note.</param>
/// <param name="Root">The root hash recorded beside the note.</param>
/// <param name="Note">The signed note text (c2sp.org/tlog-checkpoint).</param>
public sealed record StoredCheckpoint(long Id, long Size, byte[] Root, string Note);
