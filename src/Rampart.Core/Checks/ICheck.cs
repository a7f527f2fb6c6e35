namespace Rampart.Checks;

/// <summary>
/// One executable security technique. A check returns findings and measurements; it does not print, and it should
/// not throw: the engine turns an exception into a tool notification and the run continues.
/// </summary>
public interface ICheck
{
    /// <summary>What the check is and when it applies.</summary>
    CheckDescriptor Descriptor { get; }

    /// <summary>Runs the check.</summary>
    /// <param name="context">The system and run settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Findings and measurements.</returns>
    ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken);
}
