using System.Collections.Frozen;
using System.Collections.Immutable;
using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles;

/// <summary>Every scan rule: the core rules and those of each format scanner, ordered by id.</summary>
public static class ScanRules
{
    private static readonly Lazy<ImmutableArray<ScanRule>> AllRules = new(() =>
        [.. CoreScanRules.All.Concat(FormatScanners.Scanners.SelectMany(scanner => scanner.Rules))
            .DistinctBy(rule => rule.Id)
            .OrderBy(rule => rule.Id, StringComparer.Ordinal)]);

    private static readonly Lazy<FrozenDictionary<string, ScanRule>> ById =
        new(() => AllRules.Value.ToFrozenDictionary(rule => rule.Id, StringComparer.Ordinal));

    /// <summary>Every rule, ordered by id.</summary>
    public static ImmutableArray<ScanRule> All => AllRules.Value;

    /// <summary>A rule by id, or <c>null</c>.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The rule, or <c>null</c>.</returns>
    public static ScanRule? Find(string id) => ById.Value.GetValueOrDefault(id);
}
