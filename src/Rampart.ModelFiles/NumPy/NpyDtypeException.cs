namespace Rampart.ModelFiles.NumPy;

/// <summary>A header's <c>descr</c> is not a dtype numpy builds, or not one the scanner knows.</summary>
internal sealed class NpyDtypeException : Exception
{
    public NpyDtypeException()
    {
    }

    public NpyDtypeException(string message)
        : base(message)
    {
    }

    public NpyDtypeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NpyDtypeException(string message, bool known)
        : base(message) => Known = known;

    /// <summary>Whether numpy is known to refuse it (<c>true</c>) or the scanner cannot tell (<c>false</c>).</summary>
    public bool Known { get; } = true;
}
