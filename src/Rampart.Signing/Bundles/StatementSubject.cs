namespace Rampart.Signing.Bundles;

/// <summary>One in-toto subject: a name and its SHA-256 digest.</summary>
public sealed record StatementSubject
{
    /// <summary>The subject name (the model name for the v1.0 predicate; informational).</summary>
    public required string Name { get; init; }

    /// <summary>The SHA-256 digest as lowercase hexadecimal.</summary>
    public required string Sha256 { get; init; }
}
