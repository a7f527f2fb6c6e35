namespace Rampart.Engine;

/// <summary>A clock stopped at the start of a run, so that every check of the run sees the same instant.</summary>
/// <param name="now">The instant.</param>
internal sealed class FrozenTime(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;
}
