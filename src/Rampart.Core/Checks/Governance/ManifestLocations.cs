using Rampart.Manifest;

namespace Rampart.Checks.Governance;

/// <summary>Finding locations that point into the manifest or at files beside it.</summary>
public static class ManifestLocations
{
    /// <summary>A location in the manifest: its file name, the line and column of an entry, and the entry's logical name.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="position">Where the entry is in the manifest file.</param>
    /// <param name="logical">The logical name of what is located, for example an asset id.</param>
    /// <returns>The location.</returns>
    public static FindingLocation At(SystemManifest manifest, SourcePosition position, string logical) => new()
    {
        File = Path.GetFileName(manifest.FilePath),
        Line = position.Line,
        Column = position.Column,
        Logical = logical,
    };

    internal static FindingLocation File(string relativePath, string logical) => new()
    {
        File = CheckContext.DisplayPath(relativePath),
        Logical = logical,
    };
}
