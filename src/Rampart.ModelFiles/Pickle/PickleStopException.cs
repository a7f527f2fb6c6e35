namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Ends the symbolic run of a pickle at an error CPython's unpickler cannot get past either (unknown opcode, bad
/// operand encoding). Caught by <see cref="PickleMachine"/>, which reports it.
/// </summary>
internal sealed class PickleStopException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PickleStopException()
        : this("The pickle stream is broken.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public PickleStopException(string message)
        : this(message, PickleRules.Malformed)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PickleStopException(string message, Exception innerException)
        : base(message, innerException) => Rule = PickleRules.Malformed;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="rule">The rule to report.</param>
    public PickleStopException(string message, ScanRule rule)
        : base(message) => Rule = rule;

    /// <summary>The rule to report.</summary>
    public ScanRule Rule { get; }

    /// <summary>Whether the first byte was no opcode at all (trailing data rather than a broken pickle).</summary>
    public bool AtFirstOpcode { get; init; }
}
