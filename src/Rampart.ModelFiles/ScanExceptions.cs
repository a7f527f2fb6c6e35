namespace Rampart.ModelFiles;

/// <summary>
/// Thrown by a format scanner when the data breaks its format's rules. The session turns it into a finding of the
/// given rule; findings reported before it are kept.
/// </summary>
public sealed class MalformedFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="ruleId">The rule of the finding (a malformed-kind rule).</param>
    /// <param name="message">What is wrong, in plain words.</param>
    /// <param name="offset">Byte offset of the problem, or <c>null</c>.</param>
    /// <param name="node">Logical location, or <c>null</c>.</param>
    public MalformedFileException(string ruleId, string message, long? offset = null, string? node = null)
        : base(message)
    {
        RuleId = ruleId;
        Offset = offset;
        Node = node;
    }

    /// <summary>Creates the exception with the generic malformed rule.</summary>
    public MalformedFileException()
        : this(CoreScanRules.Truncated.Id, "The file is malformed.")
    {
    }

    /// <summary>Creates the exception with the generic malformed rule.</summary>
    /// <param name="message">What is wrong.</param>
    public MalformedFileException(string message)
        : this(CoreScanRules.Truncated.Id, message)
    {
    }

    /// <summary>Creates the exception with the generic malformed rule.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MalformedFileException(string message, Exception innerException)
        : base(message, innerException) => RuleId = CoreScanRules.Truncated.Id;

    /// <summary>The rule id.</summary>
    public string RuleId { get; }

    /// <summary>Byte offset, or <c>null</c>.</summary>
    public long? Offset { get; }

    /// <summary>Logical location, or <c>null</c>.</summary>
    public string? Node { get; }
}

/// <summary>Thrown when a scan limit is reached. The file becomes unscannable; findings seen before are kept.</summary>
public sealed class ScanLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScanLimitException()
        : this("A scan limit was reached.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which limit, with the values.</param>
    public ScanLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which limit.</param>
    /// <param name="innerException">The cause.</param>
    public ScanLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset where the limit was reached, or <c>null</c>.</summary>
    public long? Offset { get; init; }
}
