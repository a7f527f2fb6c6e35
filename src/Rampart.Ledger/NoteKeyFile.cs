using Rampart.Ledger.Checkpoints;

namespace Rampart.Ledger;

/// <summary>
/// Reads and writes a ledger's checkpoint signing key: one line <c>PRIVATE+KEY+name+keyid+base64</c> (the Go
/// signed-note signer key format), in a file only its owner can read or write (mode 0600 on Unix).
/// </summary>
public static class NoteKeyFile
{
    /// <summary>Writes <paramref name="signer"/>'s secret key to a new file <paramref name="path"/> with mode 0600.</summary>
    /// <param name="path">The file; it must not exist.</param>
    /// <param name="signer">The key.</param>
    /// <exception cref="LedgerException">The file exists or cannot be written.</exception>
    public static void Write(string path, NoteSigner signer)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(signer);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            writer.Write(signer.ToSecretString());
            writer.Write('\n');
        }
        catch (IOException ex)
        {
            throw new LedgerException($"Cannot write the key file '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LedgerException($"Cannot write the key file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Reads a signer key from <paramref name="path"/>.</summary>
    /// <param name="path">The key file.</param>
    /// <exception cref="LedgerException">The file is missing, unreadable or not a signer key.</exception>
    public static NoteSigner Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new LedgerException($"The key file '{path}' does not exist.");
            }

            if (info.Length > 4096)
            {
                throw new LedgerException($"The key file '{path}' is {info.Length} bytes; a signer key is one short line.");
            }

            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new LedgerException($"Cannot read the key file '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new LedgerException($"Cannot read the key file '{path}': {ex.Message}", ex);
        }

        try
        {
            return NoteSigner.Parse(text.TrimEnd('\n', '\r'));
        }
        catch (FormatException ex)
        {
            throw new LedgerException($"'{path}' is not a ledger signing key: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new LedgerException($"'{path}' is not a ledger signing key: {ex.Message}", ex);
        }
    }
}
