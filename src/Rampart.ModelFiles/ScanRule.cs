using Rampart.Checks;

namespace Rampart.ModelFiles;

/// <summary>
/// One kind of scan finding, with a stable id (<c>RMP-MF-NNN</c>) and a page at <c>docs/rules/{Id}.md</c>.
/// </summary>
public sealed record ScanRule
{
    /// <summary>Stable id, for example <c>RMP-MF-101</c>.</summary>
    public required string Id { get; init; }

    /// <summary>PascalCase name, for example <c>PickleCodeExecution</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One-sentence description.</summary>
    public required string Summary { get; init; }

    /// <summary>What to do about it.</summary>
    public required string Help { get; init; }

    /// <summary>The verdict a finding of this rule gives its file.</summary>
    public required FileVerdict Verdict { get; init; }

    /// <summary>The severity findings get unless the scanner decides otherwise.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The rule as a check rule, for reports and SARIF.</summary>
    /// <returns>The descriptor.</returns>
    public RuleDescriptor ToDescriptor() => new()
    {
        Id = Id,
        Name = Name,
        Summary = Summary,
        Help = Help,
        DefaultSeverity = Severity,
    };
}
