namespace Rampart.Signing.Signing;

/// <summary>Signing cannot proceed because the inputs do not fit together, for example a certificate for another key.</summary>
public sealed class SigningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SigningException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SigningException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
