using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Rows;

/// <summary>
/// The canonical encoding of one CSV record (<c>rampart-csv-row/v1</c>), the unit a row leaf hash covers. A record is
/// encoded after RFC 4180 parsing as its field count followed by each field's length and bytes:
/// <c>u32be(fieldCount) ‖ (u32be(len(field)) ‖ field)*</c>, where a field is its UTF-8 bytes without surrounding quotes,
/// with doubled quotes collapsed. Quoting style, line endings between records, a byte-order mark and blank lines are
/// therefore not part of a row; every byte of a field's value, the number and order of fields and the order of rows are.
/// </summary>
public static class RowEncoding
{
    /// <summary>The name of this encoding, recorded in every label.</summary>
    public const string Name = "rampart-csv-row/v1";

    /// <summary>Returns the canonical encoding of a record.</summary>
    /// <param name="fields">The record's fields as UTF-8 text.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fields"/> or one of its fields is null.</exception>
    public static byte[] Encode(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)fields.Count);
        stream.Write(length);
        foreach (var field in fields)
        {
            ArgumentNullException.ThrowIfNull(field, nameof(fields));
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            stream.Write(length);
            stream.Write(bytes);
        }

        return stream.ToArray();
    }

    /// <summary>Returns the RFC 9162 leaf hash of a record, <c>SHA-256(0x00 ‖ Encode(fields))</c>.</summary>
    /// <param name="fields">The record's fields.</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public static byte[] LeafHash(IReadOnlyList<string> fields) => MerkleHash.Leaf(Encode(fields));

    /// <summary>Returns the schema hash of a header, <c>SHA-256(Encode(columns))</c> (no leaf prefix).</summary>
    /// <param name="columns">The column names in file order.</param>
    /// <returns>The 32-byte hash.</returns>
    public static byte[] SchemaHash(IReadOnlyList<string> columns) => SHA256.HashData(Encode(columns));
}
