using System.Security.Cryptography;

namespace Rampart.IO;

/// <summary>Streaming SHA-256 of files.</summary>
public static class FileHasher
{
    /// <summary>The SHA-256 of a file as lower-case hex, read in a stream (constant memory).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest.</returns>
    /// <exception cref="IOException">When the file cannot be read.</exception>
    public static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var digest = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(digest);
    }
}
