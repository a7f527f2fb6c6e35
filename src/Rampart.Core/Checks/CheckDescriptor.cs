using System.Collections.Immutable;
using Rampart.Catalogue;

namespace Rampart.Checks;

/// <summary>What a check is, what it implements and when it applies.</summary>
public sealed record CheckDescriptor
{
    /// <summary>Stable id, matching the catalogue's <c>checks:</c> section, for example <c>GOV-EVIDENCE</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Title { get; init; }

    /// <summary>What it verifies.</summary>
    public required string Description { get; init; }

    /// <summary>Technique ids it implements.</summary>
    public required ImmutableArray<string> Techniques { get; init; }

    /// <summary>Threat ids it addresses.</summary>
    public required ImmutableArray<string> Threats { get; init; }

    /// <summary>Stage ids it applies to; the check runs when the system is at or past one of them.</summary>
    public required ImmutableArray<string> Stages { get; init; }

    /// <summary>Asset kinds it needs; it runs when the manifest has at least one. <see cref="AssetKind.System"/> means always.</summary>
    public required ImmutableArray<AssetKind> AssetKinds { get; init; }

    /// <summary>The rules its findings use.</summary>
    public required ImmutableArray<RuleDescriptor> Rules { get; init; }
}
