using System.Security.Cryptography;

namespace Rampart.Ledger.Merkle;

/// <summary>
/// The RFC 9162 (section 2.1.1) Merkle tree hash with SHA-256: leaves are hashed with a 0x00 prefix and interior
/// nodes with a 0x01 prefix, so that a leaf can never be passed off as a node (no second preimages).
/// </summary>
public static class MerkleHash
{
    /// <summary>The size of every hash in the tree, in bytes (SHA-256).</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int SmallLeaf = 1024;

    private static readonly byte[] EmptyTreeHash = SHA256.HashData([]);

    /// <summary>The hash of the empty tree, SHA-256 of the empty string (no prefix). Returns a fresh copy.</summary>
    public static byte[] EmptyTree => (byte[])EmptyTreeHash.Clone();

    /// <summary>Returns the leaf hash SHA-256(0x00 ‖ <paramref name="data"/>) of one log entry.</summary>
    /// <param name="data">The entry's bytes, exactly as stored.</param>
    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        // One-shot hashing of a small copy is several times faster than creating an incremental hash per leaf.
        if (data.Length < SmallLeaf)
        {
            Span<byte> buffer = stackalloc byte[SmallLeaf];
            buffer[0] = LeafPrefix;
            data.CopyTo(buffer[1..]);
            return SHA256.HashData(buffer[..(data.Length + 1)]);
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([LeafPrefix]);
        sha.AppendData(data);
        return sha.GetHashAndReset();
    }

    /// <summary>Returns the interior node hash SHA-256(0x01 ‖ <paramref name="left"/> ‖ <paramref name="right"/>).</summary>
    /// <param name="left">The left child's hash.</param>
    /// <param name="right">The right child's hash.</param>
    /// <exception cref="ArgumentException">Either child is not <see cref="Size"/> bytes long.</exception>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"Merkle node children must be {Size} bytes each, not {left.Length} and {right.Length}.");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * Size)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        return SHA256.HashData(buffer);
    }
}
