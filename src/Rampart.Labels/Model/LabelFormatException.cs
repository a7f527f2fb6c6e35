namespace Rampart.Labels.Model;

/// <summary>A label or row-hash file is malformed; <see cref="Field"/> names the field (for example <c>predicate.rowCount</c>).</summary>
public sealed class LabelFormatException : Exception
{
    /// <summary>Creates the exception with no field.</summary>
    public LabelFormatException()
    {
        Field = "";
    }

    /// <summary>Creates the exception with no field.</summary>
    /// <param name="message">What is wrong.</param>
    public LabelFormatException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception with no field, wrapping another.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public LabelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>Creates the exception for a field.</summary>
    /// <param name="field">The field's path in the label.</param>
    /// <param name="message">What is wrong with it.</param>
    public LabelFormatException(string field, string message)
        : base($"malformed label: {field}: {message}")
    {
        Field = field;
    }

    /// <summary>The field's path, or empty.</summary>
    public string Field { get; }
}
