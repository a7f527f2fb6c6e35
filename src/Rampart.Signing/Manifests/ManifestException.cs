namespace Rampart.Signing.Manifests;

/// <summary>A model cannot be hashed: it is missing, or holds a symbolic link or a special file.</summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
