namespace Rampart.Ledger.Storage;

/// <summary>An entry to append: its bytes and its leaf hash SHA-256(0x00 ‖ bytes).</summary>
/// <param name="Data">The entry bytes.</param>
/// <param name="LeafHash">The RFC 9162 leaf hash of <paramref name="Data"/>.</param>
public sealed record LedgerRecord(byte[] Data, byte[] LeafHash)
{
    /// <summary>Creates a record for <paramref name="data"/>, computing its leaf hash.</summary>
    /// <param name="data">The entry bytes.</param>
    public static LedgerRecord For(byte[] data) => new(data, Merkle.MerkleHash.Leaf(data));
}
