#pragma warning disable CA1812, CA2227, CA1002 // Instantiated and filled by the YAML deserializer.

namespace Rampart.Catalogue;

// The shape of catalogue.yaml as the YAML deserializer sees it. CatalogueReader turns it into the
// immutable records and validates it; nothing outside the reader uses these types.
internal sealed class CatalogueDocument
{
    public string? Version { get; set; }

    public List<SourceDto> Sources { get; set; } = [];

    public List<PhaseDto> Phases { get; set; } = [];

    public List<StageDto> Stages { get; set; } = [];

    public List<RoleDto> Roles { get; set; } = [];

    public List<ObjectiveDto> Objectives { get; set; } = [];

    public List<ThreatDto> Threats { get; set; } = [];

    public List<TechniqueDto> Techniques { get; set; } = [];

    public List<RequirementDto> Requirements { get; set; } = [];

    public List<CheckDto> Checks { get; set; } = [];

    public Dictionary<string, List<ReferenceDto>> References { get; set; } = [];
}

internal sealed class SourceDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Publisher { get; set; }

    public string? Kind { get; set; }
}

internal sealed class PhaseDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }
}

internal sealed class StageDto
{
    public string? Id { get; set; }

    public int Order { get; set; }

    public string? Title { get; set; }

    public string? XsraiStage { get; set; }

    public List<string> TrPhases { get; set; } = [];

    public string? Description { get; set; }
}

internal sealed class RoleDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Source { get; set; }

    public string? Description { get; set; }
}

internal sealed class ObjectiveDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }
}

internal sealed class ProvenanceDto
{
    public string? Source { get; set; }

    public string? Name { get; set; }

    public string? ThreatSource { get; set; }

    public string? Phase { get; set; }

    public List<string> Stages { get; set; } = [];
}

internal sealed class RefsDto
{
    public List<string> Atlas { get; set; } = [];

    public List<string> OwaspMl { get; set; } = [];

    public List<string> OwaspLlm { get; set; } = [];

    public List<string> NistAiRmf { get; set; } = [];
}

internal sealed class ThreatDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public List<ProvenanceDto> Provenance { get; set; } = [];

    public List<string> Stages { get; set; } = [];

    public List<string> AssetKinds { get; set; } = [];

    public List<string> Objectives { get; set; } = [];

    public List<string> Techniques { get; set; } = [];

    public RefsDto? Refs { get; set; }

    public string? Notes { get; set; }
}

internal sealed class TechniqueDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Category { get; set; }

    public string? Group { get; set; }

    public string? Clause { get; set; }

    public List<string> Aliases { get; set; } = [];

    public string? Description { get; set; }

    public List<string> Phases { get; set; } = [];

    public List<string> AssetKinds { get; set; } = [];

    public List<string> Objectives { get; set; } = [];

    public RefsDto? Refs { get; set; }

    public string? Notes { get; set; }
}

internal sealed class RequirementDto
{
    public string? Id { get; set; }

    public string? Source { get; set; }

    public string? Clause { get; set; }

    public string? Stage { get; set; }

    public string? Role { get; set; }

    public string? Level { get; set; }

    public string? Statement { get; set; }

    public string? Quote { get; set; }

    public List<string> Threats { get; set; } = [];

    public List<string> Techniques { get; set; } = [];

    public List<string> Checks { get; set; } = [];
}

internal sealed class CheckDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }
}

internal sealed class ReferenceDto
{
    public string? Id { get; set; }

    public string? Title { get; set; }
}
