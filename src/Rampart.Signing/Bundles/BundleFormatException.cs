namespace Rampart.Signing.Bundles;

/// <summary>A Sigstore bundle, DSSE envelope or in-toto statement is malformed; <see cref="Field"/> names where.</summary>
public sealed class BundleFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BundleFormatException()
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public BundleFormatException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BundleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>Creates the exception for a field, for example <c>dsseEnvelope.payload</c>.</summary>
    public BundleFormatException(string field, string message)
        : base($"malformed bundle: {field}: {message}")
    {
        Field = field;
    }

    /// <summary>The JSON path of the offending field, or empty when the document as a whole is bad.</summary>
    public string Field { get; }
}
