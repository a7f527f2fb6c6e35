namespace Rampart.Ledger.Storage;

/// <summary>A stored interior node: the hash of the perfect subtree of 2^<paramref name="Level"/> leaves starting at leaf <paramref name="Index"/> × 2^<paramref name="Level"/>.</summary>
/// <param name="Level">The level, from 1.</param>
/// <param name="Index">The index within the level.</param>
/// <param name="Hash">The stored hash.</param>
public sealed record StoredNode(int Level, long Index, byte[] Hash);
