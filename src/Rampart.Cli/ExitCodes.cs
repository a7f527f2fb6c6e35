namespace Rampart.Cli;

/// <summary>Process exit codes, in one place. Documented in README.md and docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>Success; the policy passed.</summary>
    public const int Ok = 0;

    /// <summary>Bad arguments or invalid input (a manifest with problems, an unknown id).</summary>
    public const int Usage = 1;

    /// <summary>The policy failed: findings at or above --fail-on, or the stage gate refused.</summary>
    public const int PolicyFailure = 2;

    /// <summary>Rampart could not do its job: a check crashed, a file could not be written.</summary>
    public const int ToolError = 3;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
