using System.Buffers.Binary;
using System.Security.Cryptography;
using Rampart.Labels.Model;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Rows;

/// <summary>
/// The row-hash companion file: the 8 ASCII bytes <c>RMPROWS1</c>, the row count as an unsigned 64-bit big-endian
/// integer, then each row's 32-byte leaf hash in row order. Its SHA-256 is part of the signed label, so the file
/// needs no signature of its own.
/// </summary>
internal static class RowsFile
{
    /// <summary>The header size in bytes.</summary>
    public const int HeaderBytes = 16;

    private static ReadOnlySpan<byte> Magic => "RMPROWS1"u8;

    /// <summary>Writes the file (through a temporary file and a rename) and returns its SHA-256 and size.</summary>
    public static (byte[] Sha256, long Bytes) Write(string path, RowHashList leaves)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var header = new byte[HeaderBytes];
                Magic.CopyTo(header);
                BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), (ulong)leaves.Count);
                stream.Write(header);
                hash.AppendData(header);
                for (var i = 0; i < leaves.Count; i++)
                {
                    var leaf = leaves.Get(i);
                    stream.Write(leaf);
                    hash.AppendData(leaf);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return (hash.GetHashAndReset(), HeaderBytes + ((long)leaves.Count * MerkleHash.Size));
    }

    /// <summary>Reads the file, checking its header and length; with <paramref name="keep"/> false only hashes it (the list stays empty; the count comes from the header).</summary>
    /// <exception cref="LabelFormatException">The file is malformed or over the limit (field <c>(row hashes)</c>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static (RowHashList Leaves, byte[] Sha256, long Count) Read(string path, long maxRows, bool keep = true)
    {
        const string Field = "(row hashes)";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) != HeaderBytes || !header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new LabelFormatException(Field, $"'{path}' does not start with the RMPROWS1 header");
        }

        hash.AppendData(header);
        var count = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
        if (count > (ulong)maxRows)
        {
            throw new LabelFormatException(Field, $"'{path}' claims {count} rows, more than the limit of {maxRows}");
        }

        var expected = HeaderBytes + ((long)count * MerkleHash.Size);
        if (stream.Length != expected)
        {
            throw new LabelFormatException(Field, $"'{path}' is {stream.Length} bytes; {count} rows need {expected}");
        }

        var leaves = new RowHashList();
        var buffer = new byte[MerkleHash.Size * 2048];
        var remaining = (long)count;
        while (remaining > 0)
        {
            var want = (int)Math.Min(buffer.Length / MerkleHash.Size, remaining) * MerkleHash.Size;
            stream.ReadExactly(buffer, 0, want);
            hash.AppendData(buffer, 0, want);
            for (var offset = 0; keep && offset < want; offset += MerkleHash.Size)
            {
                leaves.Add(buffer.AsSpan(offset, MerkleHash.Size));
            }

            remaining -= want / MerkleHash.Size;
        }

        return (leaves, hash.GetHashAndReset(), (long)count);
    }
}
