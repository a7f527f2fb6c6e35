namespace Rampart.Signing.Verification;

/// <summary>One reason a signature does not verify.</summary>
public sealed record VerificationProblem
{
    /// <summary>The kind of failure.</summary>
    public required VerificationProblemKind Kind { get; init; }

    /// <summary>A sentence saying what failed, starting with a short label such as <c>wrong key</c> or <c>file changed</c>.</summary>
    public required string Message { get; init; }

    /// <summary>The model-relative file the problem is about, or null.</summary>
    public string? Path { get; init; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
