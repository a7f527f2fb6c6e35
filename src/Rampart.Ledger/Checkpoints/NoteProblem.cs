namespace Rampart.Ledger.Checkpoints;

/// <summary>One problem found while parsing a signed note or checkpoint.</summary>
/// <param name="Line">The 1-based line number the problem is on.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record NoteProblem(int Line, string Message)
{
    /// <summary>Returns <c>line N: message</c>.</summary>
    public override string ToString() => $"line {Line}: {Message}";
}
