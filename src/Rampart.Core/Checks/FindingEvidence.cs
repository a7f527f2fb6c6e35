using System.Collections.Immutable;

namespace Rampart.Checks;

/// <summary>Builds the sorted evidence map of a finding.</summary>
public static class FindingEvidence
{
    /// <summary>A sorted map from key/value pairs; later duplicates win.</summary>
    /// <param name="pairs">The facts.</param>
    /// <returns>The map.</returns>
    public static ImmutableSortedDictionary<string, string> Of(params ReadOnlySpan<(string Key, string Value)> pairs)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            builder[key] = value;
        }

        return builder.ToImmutable();
    }
}
