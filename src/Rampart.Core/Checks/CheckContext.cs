using Rampart.Catalogue;
using Rampart.Manifest;

namespace Rampart.Checks;

/// <summary>Everything a check may read: the system, the catalogue, time and the seed. Checks never read the wall clock.</summary>
public sealed record CheckContext
{
    /// <summary>The system's manifest.</summary>
    public required SystemManifest Manifest { get; init; }

    /// <summary>The catalogue.</summary>
    public required SecurityCatalogue Catalogue { get; init; }

    /// <summary>The clock.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The seed for any randomness.</summary>
    public required int Seed { get; init; }

    /// <summary>Today's date by <see cref="Time"/> (UTC).</summary>
    public DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    /// <summary>A path relative to the system folder, for finding locations.</summary>
    /// <param name="path">A path from the manifest.</param>
    /// <returns>The path with forward slashes.</returns>
    public static string DisplayPath(string path) => path.Replace('\\', '/');
}
