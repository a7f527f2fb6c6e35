using System.Collections.Immutable;

namespace Rampart.Assessments;

/// <summary>One line of the statement of applicability.</summary>
public sealed record TechniqueApplicability
{
    /// <summary>Technique id.</summary>
    public required string TechniqueId { get; init; }

    /// <summary>Whether the technique applies to the system's stages.</summary>
    public required bool Applicable { get; init; }

    /// <summary>Whether the system's owner attested it not applicable (with a justification).</summary>
    public bool AttestedNotApplicable { get; init; }

    /// <summary>Whether it is implemented (a passing check or a current attestation).</summary>
    public required bool Implemented { get; init; }

    /// <summary>Weight of implementation: 1 implemented, 0.5 partial, 0 not.</summary>
    public required double Weight { get; init; }

    /// <summary>The evidence for the implementation claim.</summary>
    public required ImmutableArray<string> Evidence { get; init; }
}
