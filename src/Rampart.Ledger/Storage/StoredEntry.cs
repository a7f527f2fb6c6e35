namespace Rampart.Ledger.Storage;

/// <summary>An entry as stored: its index, its bytes and its stored leaf hash (which verification recomputes).</summary>
/// <param name="Index">The 0-based index.</param>
/// <param name="Data">The entry bytes.</param>
/// <param name="LeafHash">The stored leaf hash.</param>
public sealed record StoredEntry(long Index, byte[] Data, byte[] LeafHash);
