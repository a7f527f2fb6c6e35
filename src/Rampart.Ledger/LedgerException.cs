namespace Rampart.Ledger;

/// <summary>A ledger could not be created, opened or written: a missing file, a file that is not a ledger, a bad key. The message says what and where.</summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LedgerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    public LedgerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What went wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public LedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
