using System.Collections.Immutable;
using Rampart.Checks.Governance;

namespace Rampart.Checks;

/// <summary>The checks that ship in Rampart.Core (governance checks, which need no ML).</summary>
public static class BuiltInChecks
{
    /// <summary>A new instance of each core check.</summary>
    /// <returns>The checks, ordered by id.</returns>
    public static ImmutableArray<ICheck> Create() =>
        [new AssetsCheck(), new CoverageCheck(), new EvidenceCheck(), new OwnersCheck(), new RiskDecisionsCheck()];
}
