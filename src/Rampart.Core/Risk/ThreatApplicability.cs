using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Risk;

/// <summary>Which catalogue threats apply to a system: one of their stages is in scope and the system has one of their asset kinds.</summary>
public static class ThreatApplicability
{
    /// <summary>The asset kinds a system has (always including <see cref="AssetKind.System"/>).</summary>
    /// <param name="manifest">The system.</param>
    /// <returns>The kinds.</returns>
    public static HashSet<AssetKind> KindsOf(SystemManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return [.. manifest.Assets.All.Select(a => a.Kind).Append(AssetKind.System)];
    }

    /// <summary>Whether a threat applies.</summary>
    /// <param name="threat">The threat.</param>
    /// <param name="stages">The stage ids in scope.</param>
    /// <param name="kinds">The system's asset kinds.</param>
    /// <returns><c>true</c> when it applies.</returns>
    public static bool Applies(Threat threat, IReadOnlyCollection<string> stages, IReadOnlySet<AssetKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(threat);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(kinds);
        return threat.Stages.Any(stages.Contains) && (threat.AssetKinds.IsEmpty || threat.AssetKinds.Any(kinds.Contains));
    }
}
