namespace Rampart.ModelFiles.IO;

/// <summary>
/// Copies a non-seekable stream (a decompressor, say) into a seekable buffer: memory up to a threshold, then a
/// temporary file deleted on close. The copy stops with <see cref="ScanLimitException"/> at the byte limit.
/// </summary>
public static class SpillBuffer
{
    /// <summary>Bytes kept in memory before spilling to a temporary file.</summary>
    public const int MemoryThreshold = 8 << 20;

    /// <summary>Copies <paramref name="source"/> into a seekable stream positioned at 0.</summary>
    /// <param name="source">The data.</param>
    /// <param name="maxBytes">Most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The buffer; the caller disposes it.</returns>
    /// <exception cref="ScanLimitException">More than <paramref name="maxBytes"/> bytes.</exception>
    public static Stream Copy(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Stream target = new MemoryStream();
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                if (total > maxBytes)
                {
                    throw new ScanLimitException($"The data unpacks to more than {maxBytes:N0} bytes (limit).");
                }

                if (target is MemoryStream memory && memory.Length + read > MemoryThreshold)
                {
                    var file = new FileStream(
                        Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                    memory.Position = 0;
                    memory.CopyTo(file);
                    memory.Dispose();
                    target = file;
                }

                target.Write(buffer, 0, read);
            }

            target.Position = 0;
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }
}
