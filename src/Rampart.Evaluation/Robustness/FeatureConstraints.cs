using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.ML.Data;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// What a plausible perturbation of a row may do: features that must not change (immutable), features that hold
/// whole numbers, one-hot groups that must stay one-hot, and value bounds. Declared directly (from a manifest) or
/// inferred from a <see cref="FeatureMap"/> and data; <see cref="Compile"/> checks it and gives the
/// <see cref="FeatureProjection"/> every attack and corruption applies before it queries the model.
/// </summary>
public sealed record FeatureConstraints
{
    /// <summary>The number of features (model inputs).</summary>
    public required int FeatureCount { get; init; }

    /// <summary>Feature names for messages, one per feature; empty to use <c>feature[i]</c>.</summary>
    public ImmutableArray<string> FeatureNames { get; init; } = [];

    /// <summary>Features an attacker (or a natural corruption) cannot change; default none.</summary>
    public ImmutableArray<int> ImmutableFeatures { get; init; } = [];

    /// <summary>Features that hold whole numbers; perturbed values are rounded; default none.</summary>
    public ImmutableArray<int> IntegerFeatures { get; init; } = [];

    /// <summary>One-hot groups; default none.</summary>
    public ImmutableArray<OneHotGroup> OneHotGroups { get; init; } = [];

    /// <summary>Value bounds, at most one per feature; default none (unbounded).</summary>
    public ImmutableArray<FeatureBound> Bounds { get; init; } = [];

    /// <summary>No constraints on <paramref name="featureCount"/> features.</summary>
    /// <param name="featureCount">The number of features.</param>
    /// <returns>The constraints.</returns>
    public static FeatureConstraints None(int featureCount) => new() { FeatureCount = featureCount };

    /// <summary>Bounds inferred from data: each feature between its smallest and largest value (NaN ignored).</summary>
    /// <param name="data">Rows x features.</param>
    /// <returns>The constraints (bounds only).</returns>
    public static FeatureConstraints FromData(FloatMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new() { FeatureCount = data.Columns, Bounds = DataBounds(data, static _ => true) };
    }

    /// <summary>
    /// Constraints inferred from a fitted feature map and a dataset it can encode (normally the training data, whose
    /// range is the plausible one); see <see cref="FromFeatureMap"/> for what is inferred.
    /// </summary>
    /// <param name="map">The feature map the model was trained with.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="immutableColumns">Dataset column names whose features may not change.</param>
    /// <returns>The constraints, or the problems of encoding the data or of the immutable column names.</returns>
    public static ValidationResult<FeatureConstraints> FromDataset(FeatureMap map, TabularDataset data, IEnumerable<string>? immutableColumns = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(data);
        var encoded = map.Encode(data);
        return encoded.IsValid ? FromFeatureMap(map, encoded.Value!, immutableColumns) : ValidationResult<FeatureConstraints>.Failure(encoded.Problems);
    }

    /// <summary>
    /// Constraints inferred from a fitted feature map and the encoded data: each one-hot column is a
    /// <see cref="OneHotGroup"/> in [0, 1]; boolean and ordinal features are integers; a numeric column that is not
    /// standardised and holds only whole numbers is integer; missing-value indicators are immutable (an attack does
    /// not make a value missing); every other feature is bounded by its data minimum and maximum; and every feature
    /// of the columns named in <paramref name="immutableColumns"/> is immutable.
    /// </summary>
    /// <param name="map">The feature map the model was trained with.</param>
    /// <param name="encoded">Data encoded by <paramref name="map"/> (rows x <see cref="FeatureMap.FeatureCount"/>).</param>
    /// <param name="immutableColumns">Dataset column names whose features may not change (for example <c>age</c>).</param>
    /// <returns>The constraints, or problems (a width mismatch, an immutable column that is not in the map).</returns>
    public static ValidationResult<FeatureConstraints> FromFeatureMap(FeatureMap map, FloatMatrix encoded, IEnumerable<string>? immutableColumns = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(encoded);
        var problems = new List<Problem>();
        if (encoded.Columns != map.FeatureCount)
        {
            problems.Add(new Problem { Field = "features", Message = $"The data has {encoded.Columns} features but the feature map gives {map.FeatureCount}; encode the data with the same map." });
        }

        var immutableNames = immutableColumns?.ToArray() ?? [];
        var columnNames = map.Columns.Select(c => c.Name).ToArray();
        for (var i = 0; i < immutableNames.Length; i++)
        {
            if (!columnNames.Contains(immutableNames[i], StringComparer.Ordinal))
            {
                problems.Add(new Problem { Field = $"immutable[{i}]", Message = $"There is no feature column '{immutableNames[i]}'.{Suggestions.DidYouMean(immutableNames[i], columnNames)}" });
            }
        }

        if (problems.Count > 0)
        {
            return ValidationResult<FeatureConstraints>.Failure(problems);
        }

        var immutable = new SortedSet<int>();
        var integer = new SortedSet<int>();
        var groups = ImmutableArray.CreateBuilder<OneHotGroup>();
        var bounded = new bool[map.FeatureCount];
        var fixedBounds = new List<FeatureBound>();
        foreach (var column in map.Columns)
        {
            var isImmutable = immutableNames.Contains(column.Name, StringComparer.Ordinal);
            var first = column.FirstFeature;
            var valueFeatures = column.FeatureCount - (column.MissingIndicator ? 1 : 0);
            if (column.MissingIndicator)
            {
                immutable.Add(first + column.FeatureCount - 1);
            }

            for (var f = first; f < first + column.FeatureCount; f++)
            {
                if (isImmutable)
                {
                    immutable.Add(f);
                }
            }

            switch (column.Type)
            {
                case ColumnType.Numeric:
                    bounded[first] = true;
                    if (column.Mean is null && AllWhole(encoded, first))
                    {
                        integer.Add(first);
                    }

                    break;
                case ColumnType.Boolean:
                    integer.Add(first);
                    fixedBounds.Add(new FeatureBound(first, 0, 1));
                    break;
                default:
                    if (column.Encoding == CategoricalEncoding.Ordinal)
                    {
                        integer.Add(first);
                        fixedBounds.Add(new FeatureBound(first, 0, column.Categories.Length));
                    }
                    else if (valueFeatures >= 2)
                    {
                        groups.Add(new OneHotGroup(column.Name, [.. Enumerable.Range(first, valueFeatures)]));
                        for (var f = first; f < first + valueFeatures; f++)
                        {
                            fixedBounds.Add(new FeatureBound(f, 0, 1));
                        }
                    }
                    else
                    {
                        // A one-category column: one constant feature.
                        immutable.Add(first);
                    }

                    break;
            }
        }

        var bounds = DataBounds(encoded, f => bounded[f]).AddRange(fixedBounds).Sort((a, b) => a.Feature.CompareTo(b.Feature));
        return ValidationResult<FeatureConstraints>.Success(new FeatureConstraints
        {
            FeatureCount = map.FeatureCount,
            FeatureNames = [.. map.Features.Select(f => f.Description)],
            ImmutableFeatures = [.. immutable],
            IntegerFeatures = [.. integer],
            OneHotGroups = groups.ToImmutable(),
            Bounds = bounds,
        });
    }

    /// <summary>
    /// Checks the constraints and builds their projection. Every problem is listed together, each naming its field
    /// (<c>feature_count</c>, <c>feature_names</c>, <c>immutable[i]</c>, <c>integer[i]</c>,
    /// <c>one_hot_groups[g]</c>, <c>bounds[i]</c>).
    /// </summary>
    /// <returns>The projection, or the problems.</returns>
    public ValidationResult<FeatureProjection> Compile()
    {
        var problems = new List<Problem>();
        if (FeatureCount < 1)
        {
            problems.Add(new Problem { Field = "feature_count", Message = $"The feature count is {FeatureCount}; a model needs at least one feature." });
            return ValidationResult<FeatureProjection>.Failure(problems);
        }

        var names = FeatureNames.IsDefaultOrEmpty
            ? [.. Enumerable.Range(0, FeatureCount).Select(i => $"feature[{i}]")]
            : FeatureNames;
        if (names.Length != FeatureCount)
        {
            problems.Add(new Problem { Field = "feature_names", Message = $"There are {names.Length} feature names for {FeatureCount} features; give one per feature or none." });
            names = [.. Enumerable.Range(0, FeatureCount).Select(i => $"feature[{i}]")];
        }

        var immutable = Flags(ImmutableFeatures, "immutable", problems);
        var integer = Flags(IntegerFeatures, "integer", problems);
        var groupOf = new int[FeatureCount];
        Array.Fill(groupOf, -1);
        var groups = OneHotGroups.IsDefault ? [] : OneHotGroups;
        for (var g = 0; g < groups.Length; g++)
        {
            var group = groups[g];
            var field = $"one_hot_groups[{g}]";
            if (group is null || group.Features.IsDefault || group.Features.Length < 2)
            {
                problems.Add(new Problem { Field = field, Message = "A one-hot group needs at least two features (one per category)." });
                continue;
            }

            foreach (var f in group.Features)
            {
                if ((uint)f >= (uint)FeatureCount)
                {
                    problems.Add(new Problem { Field = field, Message = $"Feature index {f} is outside 0 to {FeatureCount - 1}." });
                }
                else if (groupOf[f] >= 0)
                {
                    problems.Add(new Problem { Field = field, Message = $"Feature {names[f]} is already in one_hot_groups[{groupOf[f]}]; a feature can belong to one group only." });
                }
                else
                {
                    groupOf[f] = g;
                }
            }
        }

        // One-hot features lie in [0, 1] unless declared otherwise.
        var min = new double[FeatureCount];
        var max = new double[FeatureCount];
        for (var f = 0; f < FeatureCount; f++)
        {
            min[f] = groupOf[f] >= 0 ? 0 : double.NegativeInfinity;
            max[f] = groupOf[f] >= 0 ? 1 : double.PositiveInfinity;
        }

        var seenBound = new bool[FeatureCount];
        var bounds = Bounds.IsDefault ? [] : Bounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            var bound = bounds[i];
            var field = $"bounds[{i}]";
            if (bound is null || (uint)bound.Feature >= (uint)FeatureCount)
            {
                problems.Add(new Problem { Field = field, Message = $"Feature index {bound?.Feature.ToString(CultureInfo.InvariantCulture) ?? "null"} is outside 0 to {FeatureCount - 1}." });
                continue;
            }

            if (double.IsNaN(bound.Min) || double.IsNaN(bound.Max) || bound.Min > bound.Max || double.IsPositiveInfinity(bound.Min) || double.IsNegativeInfinity(bound.Max))
            {
                problems.Add(new Problem { Field = field, Message = $"The bounds of {names[bound.Feature]} are [{bound.Min}, {bound.Max}]; give a minimum no larger than the maximum, neither NaN." });
                continue;
            }

            if (seenBound[bound.Feature])
            {
                problems.Add(new Problem { Field = field, Message = $"{names[bound.Feature]} has bounds twice; give one range per feature." });
                continue;
            }

            seenBound[bound.Feature] = true;
            min[bound.Feature] = bound.Min;
            max[bound.Feature] = bound.Max;
            if (integer[bound.Feature] && Math.Ceiling(bound.Min) > Math.Floor(bound.Max))
            {
                problems.Add(new Problem { Field = field, Message = $"The integer feature {names[bound.Feature]} has bounds [{bound.Min}, {bound.Max}], which hold no whole number." });
            }
        }

        return problems.Count > 0
            ? ValidationResult<FeatureProjection>.Failure(problems)
            : ValidationResult<FeatureProjection>.Success(new FeatureProjection(this, names, immutable, integer, [.. groups.Select(g => g.Features.ToArray())], groupOf, min, max));
    }

    private bool[] Flags(ImmutableArray<int> indices, string field, List<Problem> problems)
    {
        var flags = new bool[FeatureCount];
        if (indices.IsDefault)
        {
            return flags;
        }

        for (var i = 0; i < indices.Length; i++)
        {
            var f = indices[i];
            if ((uint)f >= (uint)FeatureCount)
            {
                problems.Add(new Problem { Field = $"{field}[{i}]", Message = $"Feature index {f} is outside 0 to {FeatureCount - 1}." });
            }
            else
            {
                flags[f] = true;
            }
        }

        return flags;
    }

    private static bool AllWhole(FloatMatrix data, int feature)
    {
        for (var r = 0; r < data.Rows; r++)
        {
            var x = data[r, feature];
            if (!float.IsNaN(x) && x != MathF.Round(x))
            {
                return false;
            }
        }

        return data.Rows > 0;
    }

    private static ImmutableArray<FeatureBound> DataBounds(FloatMatrix data, Func<int, bool> include)
    {
        var bounds = ImmutableArray.CreateBuilder<FeatureBound>();
        for (var f = 0; f < data.Columns; f++)
        {
            if (!include(f))
            {
                continue;
            }

            var lo = double.PositiveInfinity;
            var hi = double.NegativeInfinity;
            for (var r = 0; r < data.Rows; r++)
            {
                var x = data[r, f];
                if (float.IsFinite(x))
                {
                    lo = Math.Min(lo, x);
                    hi = Math.Max(hi, x);
                }
            }

            if (lo <= hi)
            {
                bounds.Add(new FeatureBound(f, lo, hi));
            }
        }

        return bounds.ToImmutable();
    }
}
