namespace Rampart.Checks;

/// <summary>How serious a finding is. Ordered: a higher value is more serious.</summary>
public enum Severity
{
    /// <summary>Informational; nothing to fix.</summary>
    Info = 0,

    /// <summary>Minor weakness.</summary>
    Low = 1,

    /// <summary>Weakness to fix in the normal course of work.</summary>
    Medium = 2,

    /// <summary>Serious weakness to fix before the next stage.</summary>
    High = 3,

    /// <summary>Exploitable or disqualifying; stop.</summary>
    Critical = 4,
}
