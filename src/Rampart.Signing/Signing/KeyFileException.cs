namespace Rampart.Signing.Signing;

/// <summary>A key or certificate file cannot be used: missing, unreadable, encrypted, or of an unsupported kind. The message names the file.</summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyFileException()
    {
        FilePath = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public KeyFileException(string message)
        : base(message)
    {
        FilePath = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = "";
    }

    /// <summary>Creates the exception for a file; the message reads <c>'path': reason</c>.</summary>
    public KeyFileException(string filePath, string reason, Exception? innerException)
        : base($"'{filePath}': {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>What is wrong, without the file name; the whole message when no file was given.</summary>
    public string Reason { get => field ?? Message; private init; }

    /// <summary>The file (or source name) the problem is about; empty when none was given.</summary>
    public string FilePath { get; }
}
