using System.Text;

namespace Rampart.Cli;

/// <summary>Writes a file through a temporary file and a rename, so a crash never leaves half a file.</summary>
internal static class AtomicFile
{
    public static Task WriteAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAsync(path, new UTF8Encoding(false).GetBytes(text), cancellationToken);

    /// <summary>
    /// Writes bytes through a temporary file and a rename. With a Unix create mode, the temporary file is created new
    /// (never reusing one left behind) with that mode on Unix, so the content is never readable beyond it, even
    /// briefly; on Windows only the exclusive creation applies.
    /// </summary>
    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken, UnixFileMode? unixCreateMode = null)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            if (unixCreateMode is { } mode)
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = mode;
                }

                await using (var stream = new FileStream(temp, options))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Writes a file for a command: on failure prints "error: cannot write" and returns false. The Unix create mode is
    /// as for <see cref="WriteAsync(string, byte[], CancellationToken, UnixFileMode?)"/>.
    /// </summary>
    public static async Task<bool> TryWriteAsync(CliContext context, string path, byte[] bytes, CancellationToken cancellationToken, UnixFileMode? unixCreateMode = null)
    {
        try
        {
            await WriteAsync(path, bytes, cancellationToken, unixCreateMode).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: cannot write '{path}': {ex.Message}");
            return false;
        }
    }
}
