namespace Rampart.Checks;

/// <summary>A rule: one kind of finding, with a stable id and a docs page at <c>docs/rules/{Id}.md</c>.</summary>
public sealed record RuleDescriptor
{
    /// <summary>Stable id, for example <c>RMP-GOV-003</c>.</summary>
    public required string Id { get; init; }

    /// <summary>PascalCase name, for example <c>StaleEvidence</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One-sentence description.</summary>
    public required string Summary { get; init; }

    /// <summary>What to do about it.</summary>
    public required string Help { get; init; }

    /// <summary>The severity findings get unless the check decides otherwise.</summary>
    public required Severity DefaultSeverity { get; init; }
}
