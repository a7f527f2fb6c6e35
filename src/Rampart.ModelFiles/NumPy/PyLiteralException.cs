namespace Rampart.ModelFiles.NumPy;

/// <summary>The header text is not a literal the parser accepts.</summary>
internal sealed class PyLiteralException : Exception
{
    public PyLiteralException()
    {
    }

    public PyLiteralException(string message)
        : base(message)
    {
    }

    public PyLiteralException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PyLiteralException(string message, int offset, bool limit = false)
        : base(message)
    {
        Offset = offset;
        IsLimit = limit;
    }

    /// <summary>Character index in the header text.</summary>
    public int Offset { get; }

    /// <summary>Whether a nesting limit, not a syntax error, stopped the parse.</summary>
    public bool IsLimit { get; }
}
