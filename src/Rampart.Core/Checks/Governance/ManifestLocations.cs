using Rampart.Manifest;

namespace Rampart.Checks.Governance;

/// <summary>Finding locations that point into the manifest or at files beside it.</summary>
internal static class ManifestLocations
{
    public static FindingLocation At(SystemManifest manifest, SourcePosition position, string logical) => new()
    {
        File = Path.GetFileName(manifest.FilePath),
        Line = position.Line,
        Column = position.Column,
        Logical = logical,
    };

    public static FindingLocation File(string relativePath, string logical) => new()
    {
        File = CheckContext.DisplayPath(relativePath),
        Logical = logical,
    };
}
