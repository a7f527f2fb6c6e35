namespace Rampart.ModelFiles.Pickle;

/// <summary>How the symbolic run of one pickle ended.</summary>
internal enum PickleEnd
{
    /// <summary>STOP was reached; the result is the value it returned.</summary>
    Stopped,

    /// <summary>The first byte is not a pickle opcode (nothing was reported).</summary>
    NotAPickle,

    /// <summary>The stream broke part way (reported); the rest of the file cannot be followed.</summary>
    Broken,
}

/// <summary>The end of one pickle's run.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Result">The value STOP returned, when it stopped.</param>
/// <param name="Start">Offset of the pickle's first opcode.</param>
internal sealed record PickleOutcome(PickleEnd End, PickleValue? Result, long Start);
