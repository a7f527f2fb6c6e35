namespace Rampart.ModelFiles.Archives;

/// <summary>The checksums archives and compressed streams carry: CRC-32 (zip, gzip) and Adler-32 (zlib).</summary>
internal static class Checksums
{
    private static readonly uint[][] CrcTables = BuildCrcTables();

    /// <summary>Continues a CRC-32 (IEEE, reflected) over more bytes; start with 0.</summary>
    /// <param name="crc">The CRC so far.</param>
    /// <param name="data">The bytes.</param>
    /// <returns>The CRC including the bytes.</returns>
    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        var t = CrcTables;
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            crc = t[7][low & 0xFF] ^ t[6][(low >> 8) & 0xFF] ^ t[5][(low >> 16) & 0xFF] ^ t[4][low >> 24]
                ^ t[3][data[4]] ^ t[2][data[5]] ^ t[1][data[6]] ^ t[0][data[7]];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[0][(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>Continues an Adler-32 over more bytes; start with 1.</summary>
    /// <param name="adler">The checksum so far.</param>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum including the bytes.</returns>
    public static uint Adler32(uint adler, ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (data.Length > 0)
        {
            // 5552 is the most bytes that can be summed before b overflows 32 bits.
            var chunk = data[..Math.Min(5552, data.Length)];
            foreach (var value in chunk)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }

    /// <summary>The CRC-32 of a stream's bytes from its current position to its end.</summary>
    /// <param name="stream">The data.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The CRC and the number of bytes read.</returns>
    public static (uint Crc, long Length) Crc32Of(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        uint crc = 0;
        long length = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            crc = Crc32(crc, buffer.AsSpan(0, read));
            length += read;
        }

        return (crc, length);
    }

    private static uint[][] BuildCrcTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            tables[0][i] = c;
        }

        for (var t = 1; t < 8; t++)
        {
            tables[t] = new uint[256];
            for (var i = 0; i < 256; i++)
            {
                tables[t][i] = tables[0][tables[t - 1][i] & 0xFF] ^ (tables[t - 1][i] >> 8);
            }
        }

        return tables;
    }
}
