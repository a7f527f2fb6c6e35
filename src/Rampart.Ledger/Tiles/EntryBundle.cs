using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Rampart.Ledger.Tiles;

/// <summary>The c2sp.org/tlog-tiles entry bundle format: each entry is a big-endian uint16 length then its bytes.</summary>
public static class EntryBundle
{
    /// <summary>Splits a bundle into its entries.</summary>
    /// <param name="bundle">The bundle bytes.</param>
    /// <returns>The entries in log order.</returns>
    /// <exception cref="FormatException">The bundle ends inside a length or an entry, or has more than 256 entries.</exception>
    public static ImmutableArray<byte[]> Parse(ReadOnlySpan<byte> bundle)
    {
        var entries = ImmutableArray.CreateBuilder<byte[]>();
        var offset = 0;
        while (offset < bundle.Length)
        {
            if (bundle.Length - offset < 2)
            {
                throw new FormatException($"The entry bundle ends inside the length of entry {entries.Count} (offset {offset}).");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle[offset..]);
            offset += 2;
            if (bundle.Length - offset < length)
            {
                throw new FormatException($"Entry {entries.Count} of the bundle needs {length} bytes but only {bundle.Length - offset} remain.");
            }

            if (entries.Count == TilePath.FullWidth)
            {
                throw new FormatException($"The entry bundle has more than {TilePath.FullWidth} entries.");
            }

            entries.Add(bundle.Slice(offset, length).ToArray());
            offset += length;
        }

        return entries.ToImmutable();
    }

    /// <summary>Encodes entries as a bundle.</summary>
    /// <param name="entries">At most 256 entries, each at most 65,535 bytes.</param>
    /// <exception cref="ArgumentException">Too many entries or an entry is too long.</exception>
    public static byte[] Format(IReadOnlyList<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > TilePath.FullWidth)
        {
            throw new ArgumentException($"A bundle holds at most {TilePath.FullWidth} entries, not {entries.Count}.", nameof(entries));
        }

        using var stream = new MemoryStream();
        Span<byte> length = stackalloc byte[2];
        foreach (var entry in entries)
        {
            if (entry.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"A bundle entry is at most {ushort.MaxValue} bytes, not {entry.Length}.", nameof(entries));
            }

            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)entry.Length);
            stream.Write(length);
            stream.Write(entry);
        }

        return stream.ToArray();
    }
}
