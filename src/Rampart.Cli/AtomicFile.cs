using System.Text;

namespace Rampart.Cli;

/// <summary>Writes a file through a temporary file and a rename, so a crash never leaves half a file.</summary>
internal static class AtomicFile
{
    public static Task WriteAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAsync(path, new UTF8Encoding(false).GetBytes(text), cancellationToken);

    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Writes a file for a command: on failure prints "error: cannot write" and returns false.</summary>
    public static async Task<bool> TryWriteAsync(CliContext context, string path, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(path, bytes, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: cannot write '{path}': {ex.Message}");
            return false;
        }
    }
}
