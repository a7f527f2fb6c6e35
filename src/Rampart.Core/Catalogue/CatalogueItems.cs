using System.Collections.Immutable;

namespace Rampart.Catalogue;

/// <summary>A document the catalogue draws from (the ITU-T TR or the X.sr-ai draft).</summary>
public sealed record SourceDocument
{
    /// <summary>Stable identifier, for example <c>tr</c> or <c>xsrai</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The document's title.</summary>
    public required string Title { get; init; }

    /// <summary>The body that publishes it.</summary>
    public required string Publisher { get; init; }

    /// <summary>What kind of document it is.</summary>
    public required string Kind { get; init; }
}

/// <summary>A life-cycle phase of the ITU-T TR (design and manufacturing, ...).</summary>
public sealed record Phase
{
    /// <summary>Stable identifier, for example <c>design-and-manufacturing</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The TR's name for the phase.</summary>
    public required string Title { get; init; }

    /// <summary>The TR's description of the phase.</summary>
    public required string Description { get; init; }
}

/// <summary>One of Rampart's seven life-cycle stages, a superset of X.sr-ai's six stages and the TR's four phases.</summary>
public sealed record Stage
{
    /// <summary>Stable identifier, for example <c>model-development</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Position in the life cycle, from 1 (planning) to 7 (retirement).</summary>
    public required int Order { get; init; }

    /// <summary>Display name.</summary>
    public required string Title { get; init; }

    /// <summary>The X.sr-ai stage it corresponds to, or <c>null</c> (X.sr-ai has no retirement stage).</summary>
    public string? XsraiStage { get; init; }

    /// <summary>The TR phases it corresponds to.</summary>
    public required ImmutableArray<string> TrPhases { get; init; }

    /// <summary>What happens in the stage.</summary>
    public required string Description { get; init; }
}

/// <summary>A stakeholder role: the five of X.sr-ai plus the third-party assessor.</summary>
public sealed record Role
{
    /// <summary>Stable identifier, for example <c>ai-developer</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Title { get; init; }

    /// <summary>The source document id, or <c>rampart</c> for roles Rampart adds.</summary>
    public required string Source { get; init; }

    /// <summary>What the role does.</summary>
    public required string Description { get; init; }
}

/// <summary>A security objective of TR Table 2.</summary>
public sealed record Objective
{
    /// <summary>Stable identifier, <c>OBJ-01</c> to <c>OBJ-06</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The objective's name.</summary>
    public required string Title { get; init; }

    /// <summary>The TR's description.</summary>
    public required string Description { get; init; }
}

/// <summary>Where a threat comes from in one source document.</summary>
public sealed record ThreatProvenance
{
    /// <summary>The source document id (<c>tr</c> or <c>xsrai</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The threat's name exactly as the document writes it.</summary>
    public required string Name { get; init; }

    /// <summary>The TR Table 1 threat source, for TR provenance.</summary>
    public string? ThreatSource { get; init; }

    /// <summary>The TR phase, for TR provenance.</summary>
    public string? Phase { get; init; }

    /// <summary>The X.sr-ai stages marked in the threats x stages matrix, as Rampart stage ids.</summary>
    public ImmutableArray<string> Stages { get; init; } = [];
}

/// <summary>Identifiers in external frameworks that a catalogue item corresponds to.</summary>
public sealed record CrossReferences
{
    /// <summary>No cross-references.</summary>
    public static readonly CrossReferences None = new();

    /// <summary>MITRE ATLAS technique or mitigation ids, such as <c>AML.T0020</c>.</summary>
    public ImmutableArray<string> Atlas { get; init; } = [];

    /// <summary>OWASP Machine Learning Security Top 10 (2023) ids, such as <c>ML02:2023</c>.</summary>
    public ImmutableArray<string> OwaspMl { get; init; } = [];

    /// <summary>OWASP Top 10 for LLM Applications (2025) ids, such as <c>LLM04:2025</c>.</summary>
    public ImmutableArray<string> OwaspLlm { get; init; } = [];

    /// <summary>NIST AI RMF 1.0 subcategories, such as <c>MEASURE 2.7</c>.</summary>
    public ImmutableArray<string> NistAiRmf { get; init; } = [];

    /// <summary>Every id, tagged with its framework key.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<(string Framework, string Id)> All =>
        Atlas.Select(id => (ExternalFrameworks.Atlas, id))
            .Concat(OwaspMl.Select(id => (ExternalFrameworks.OwaspMl, id)))
            .Concat(OwaspLlm.Select(id => (ExternalFrameworks.OwaspLlm, id)))
            .Concat(NistAiRmf.Select(id => (ExternalFrameworks.NistAiRmf, id)));
}

/// <summary>A security threat, merged across the source documents.</summary>
public sealed record Threat
{
    /// <summary>Stable identifier, for example <c>THR-004</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Title { get; init; }

    /// <summary>What the threat is.</summary>
    public required string Description { get; init; }

    /// <summary>Where each source document names it.</summary>
    public required ImmutableArray<ThreatProvenance> Provenance { get; init; }

    /// <summary>The Rampart stages in which it applies.</summary>
    public required ImmutableArray<string> Stages { get; init; }

    /// <summary>What it targets.</summary>
    public required ImmutableArray<AssetKind> AssetKinds { get; init; }

    /// <summary>The objectives it endangers.</summary>
    public required ImmutableArray<string> Objectives { get; init; }

    /// <summary>The techniques that mitigate it.</summary>
    public required ImmutableArray<string> Techniques { get; init; }

    /// <summary>Ids in external frameworks.</summary>
    public required CrossReferences Refs { get; init; }

    /// <summary>Editorial notes (merges, interpretation), or <c>null</c>.</summary>
    public string? Notes { get; init; }
}

/// <summary>A security technique of TR 7.3.</summary>
public sealed record Technique
{
    /// <summary>Stable identifier, for example <c>TEC-PLT-04</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The TR's name.</summary>
    public required string Title { get; init; }

    /// <summary>Service, algorithm, data or platform.</summary>
    public required TechniqueCategory Category { get; init; }

    /// <summary>The TR group heading, such as "Algorithm robustness enhancement".</summary>
    public required string Group { get; init; }

    /// <summary>The TR clause, such as <c>7.3.2</c>.</summary>
    public required string Clause { get; init; }

    /// <summary>Other spellings the TR uses (Table 3 versus 7.3).</summary>
    public required ImmutableArray<string> Aliases { get; init; }

    /// <summary>What the technique does.</summary>
    public required string Description { get; init; }

    /// <summary>The TR phases in which Table 3 lists it.</summary>
    public required ImmutableArray<string> Phases { get; init; }

    /// <summary>What it acts on.</summary>
    public required ImmutableArray<AssetKind> AssetKinds { get; init; }

    /// <summary>The objectives it serves.</summary>
    public required ImmutableArray<string> Objectives { get; init; }

    /// <summary>Ids in external frameworks.</summary>
    public required CrossReferences Refs { get; init; }

    /// <summary>Editorial notes, or <c>null</c>.</summary>
    public string? Notes { get; init; }
}

/// <summary>One verifiable security requirement: an X.sr-ai section 8 statement or a TR 7.2 management measure.</summary>
public sealed record Requirement
{
    /// <summary>Stable identifier, for example <c>REQ-DEV-01</c> or <c>PRC-ORG-01</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The source document id.</summary>
    public required string Source { get; init; }

    /// <summary>The clause of the source document.</summary>
    public required string Clause { get; init; }

    /// <summary>The Rampart stage it belongs to.</summary>
    public required string Stage { get; init; }

    /// <summary>The role responsible for it.</summary>
    public required string Role { get; init; }

    /// <summary>Required or recommended.</summary>
    public required RequirementLevel Level { get; init; }

    /// <summary>The one verifiable statement.</summary>
    public required string Statement { get; init; }

    /// <summary>The source text it was split from, verbatim.</summary>
    public required string Quote { get; init; }

    /// <summary>The threats it addresses.</summary>
    public required ImmutableArray<string> Threats { get; init; }

    /// <summary>The techniques whose implementation verifies it.</summary>
    public required ImmutableArray<string> Techniques { get; init; }

    /// <summary>The Rampart checks whose passing run verifies it.</summary>
    public required ImmutableArray<string> Checks { get; init; }

    /// <summary><c>true</c> for TR 7.2 management measures (process requirements that need an attestation).</summary>
    public bool IsProcessRequirement => Id.StartsWith("PRC-", StringComparison.Ordinal);
}

/// <summary>An identifier in an external framework with its short title.</summary>
public sealed record ExternalReference
{
    /// <summary>The framework key: <c>atlas</c>, <c>owasp_ml</c>, <c>owasp_llm</c> or <c>nist_ai_rmf</c>.</summary>
    public required string Framework { get; init; }

    /// <summary>The id in that framework.</summary>
    public required string Id { get; init; }

    /// <summary>Its short title.</summary>
    public required string Title { get; init; }
}

/// <summary>An executable Rampart check that the catalogue links requirements to.</summary>
public sealed record CheckReference
{
    /// <summary>The check id, for example <c>GOV-EVIDENCE</c>.</summary>
    public required string Id { get; init; }

    /// <summary>What the check verifies.</summary>
    public required string Title { get; init; }
}
