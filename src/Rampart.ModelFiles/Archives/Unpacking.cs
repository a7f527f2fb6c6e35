using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>Unpacks a decompressor into a seekable buffer within the limits, reporting what stops it.</summary>
internal static class Unpacking
{
    /// <summary>Unpacks <paramref name="decoder"/>; disposes it.</summary>
    /// <param name="session">Where limit findings go.</param>
    /// <param name="decoder">The decompressor's output.</param>
    /// <param name="packedLength">The packed size, for the ratio limit.</param>
    /// <param name="location">Where findings point.</param>
    /// <param name="guard">The guard that counted the output (CRC, size, decoder error).</param>
    /// <returns>The unpacked bytes (the caller disposes them), or <c>null</c> after a limit was reported.</returns>
    public static Stream? ToBuffer(ScanSession session, Stream decoder, long packedLength, ScanLocation location, out UnpackGuard guard)
    {
        guard = new UnpackGuard(decoder, session, packedLength);
        using var owned = guard;
        try
        {
            return SpillBuffer.Copy(guard, session.Limits.MaxDecompressedBytes, session.CancellationToken);
        }
        catch (ScanLimitException error)
        {
            if (guard.IsBomb)
            {
                session.Report(
                    ArchiveRules.CompressionBomb,
                    error.Message,
                    location,
                    evidence: [new("packedBytes", packedLength.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }
            else
            {
                session.Report(CoreScanRules.LimitReached, error.Message, location);
            }

            return null;
        }
    }

    /// <summary>A nested input for a member or an unpacked stream.</summary>
    /// <param name="parent">The container's input.</param>
    /// <param name="stream">The member's bytes.</param>
    /// <param name="member">The member name as the location shows it.</param>
    /// <param name="name">The name used for the extension check, or <c>null</c> for the last component of <paramref name="member"/>.</param>
    /// <returns>The input, one level deeper.</returns>
    public static ScanInput Nested(ScanInput parent, Stream stream, string member, string? name = null) => new()
    {
        Stream = stream,
        Location = parent.Location.Enter(member),
        Name = name ?? LastComponent(member),
        Depth = parent.Depth + 1,
    };

    /// <summary>The last path component of a member name (after '/' or '\').</summary>
    /// <param name="member">The name.</param>
    /// <returns>The component.</returns>
    public static string LastComponent(string member)
    {
        var trimmed = member.TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }
}
