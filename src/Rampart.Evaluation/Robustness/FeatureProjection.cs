using System.Collections.Immutable;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// The projection of compiled <see cref="FeatureConstraints"/>: maps any candidate row back to a plausible one near
/// the original row. Immutable features take the original value; each one-hot group takes the category whose
/// feature is largest (ties keep the original category); integer features are rounded toward the original value
/// (so rounding never enlarges a perturbation); values are clipped into the bounds, widened to include the original
/// value so that the projection never moves an unperturbed row. Build one with <see cref="FeatureConstraints.Compile"/>.
/// </summary>
public sealed class FeatureProjection
{
    private readonly bool[] _immutable;
    private readonly bool[] _integer;
    private readonly int[][] _groups;
    private readonly int[] _groupOf;
    private readonly double[] _min;
    private readonly double[] _max;

    internal FeatureProjection(FeatureConstraints constraints, ImmutableArray<string> names, bool[] immutable, bool[] integer, int[][] groups, int[] groupOf, double[] min, double[] max)
    {
        Constraints = constraints;
        Names = names;
        _immutable = immutable;
        _integer = integer;
        _groups = groups;
        _groupOf = groupOf;
        _min = min;
        _max = max;

        // A one-hot group with an immutable member is immutable as a whole.
        foreach (var group in groups)
        {
            if (group.Any(f => immutable[f]))
            {
                foreach (var f in group)
                {
                    _immutable[f] = true;
                }
            }
        }

        MutableCount = immutable.Count(m => !m);
    }

    /// <summary>The constraints compiled.</summary>
    public FeatureConstraints Constraints { get; }

    /// <summary>The number of features.</summary>
    public int FeatureCount => _immutable.Length;

    /// <summary>One name per feature, for messages.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>The number of features a perturbation may change.</summary>
    public int MutableCount { get; }

    /// <summary>Whether a perturbation may change the feature.</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns><c>false</c> for an immutable feature (or a member of a one-hot group with an immutable member).</returns>
    public bool IsMutable(int feature) => !_immutable[feature];

    /// <summary>Whether the feature holds whole numbers.</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>The flag.</returns>
    public bool IsInteger(int feature) => _integer[feature];

    /// <summary>The index of the feature's one-hot group in <see cref="FeatureConstraints.OneHotGroups"/>, or -1.</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>The group index or -1.</returns>
    public int GroupOf(int feature) => _groupOf[feature];

    /// <summary>The lower bound of a feature (negative infinity when unbounded).</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>The bound.</returns>
    public double LowerBound(int feature) => _min[feature];

    /// <summary>The upper bound of a feature (positive infinity when unbounded).</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>The bound.</returns>
    public double UpperBound(int feature) => _max[feature];

    /// <summary>Projects a candidate row onto the constraints, in place.</summary>
    /// <param name="original">The unperturbed row.</param>
    /// <param name="candidate">The perturbed row; overwritten with its projection.</param>
    /// <exception cref="ArgumentException">When a row does not have <see cref="FeatureCount"/> values.</exception>
    public void Project(ReadOnlySpan<float> original, Span<float> candidate)
    {
        CheckWidth(original.Length, nameof(original));
        CheckWidth(candidate.Length, nameof(candidate));
        var o = new double[original.Length];
        var c = new double[candidate.Length];
        for (var i = 0; i < o.Length; i++)
        {
            o[i] = original[i];
            c[i] = candidate[i];
        }

        Project(o, c, IntegerRounding.TowardOriginal);
        for (var i = 0; i < c.Length; i++)
        {
            candidate[i] = (float)c[i];
        }
    }

    /// <summary>
    /// Every way a perturbed row breaks the constraints relative to its original: a changed immutable feature, a
    /// fraction in an integer feature, a one-hot group that is not one-hot, a value outside its (widened) bounds.
    /// </summary>
    /// <param name="original">The unperturbed row.</param>
    /// <param name="perturbed">The perturbed row.</param>
    /// <returns>One message per violation; empty when the row is plausible.</returns>
    public ImmutableArray<string> Violations(ReadOnlySpan<float> original, ReadOnlySpan<float> perturbed)
    {
        CheckWidth(original.Length, nameof(original));
        CheckWidth(perturbed.Length, nameof(perturbed));
        var found = ImmutableArray.CreateBuilder<string>();
        for (var f = 0; f < FeatureCount; f++)
        {
            var x = perturbed[f];
            if (_immutable[f] && x != original[f])
            {
                found.Add($"{Names[f]} is immutable but changed from {original[f]} to {x}.");
            }

            if (_integer[f] && x != MathF.Round(x))
            {
                found.Add($"{Names[f]} is an integer feature but holds {x}.");
            }

            if (x < Math.Min(_min[f], original[f]) || x > Math.Max(_max[f], original[f]) || float.IsNaN(x))
            {
                found.Add($"{Names[f]} holds {x}, outside its bounds [{_min[f]}, {_max[f]}].");
            }
        }

        for (var g = 0; g < _groups.Length; g++)
        {
            var ones = 0;
            var others = 0;
            foreach (var f in _groups[g])
            {
                ones += perturbed[f] == 1f ? 1 : 0;
                others += perturbed[f] is not (0f or 1f) ? 1 : 0;
            }

            if (ones > 1 || others > 0)
            {
                found.Add($"One-hot group '{Constraints.OneHotGroups[g].Name}' is not one-hot ({ones} feature(s) at 1, {others} neither 0 nor 1).");
            }
        }

        return found.ToImmutable();
    }

    internal bool IsContinuous(int feature) => !_immutable[feature] && !_integer[feature] && _groupOf[feature] < 0;

    internal int GroupCount => _groups.Length;

    internal ReadOnlySpan<int> Group(int group) => _groups[group];

    internal bool GroupIsMutable(int group) => !_immutable[_groups[group][0]];

    /// <summary>Whether every mutable feature has finite bounds (HopSkipJump samples its start in them).</summary>
    internal bool AllMutableBounded()
    {
        for (var f = 0; f < FeatureCount; f++)
        {
            if (!_immutable[f] && !(double.IsFinite(_min[f]) && double.IsFinite(_max[f])))
            {
                return false;
            }
        }

        return true;
    }

    internal void Project(ReadOnlySpan<double> original, Span<double> candidate, IntegerRounding rounding)
    {
        for (var g = 0; g < _groups.Length; g++)
        {
            var group = _groups[g];
            if (_immutable[group[0]])
            {
                foreach (var f in group)
                {
                    candidate[f] = original[f];
                }

                continue;
            }

            var originalCategory = -1;
            var best = -1;
            for (var k = 0; k < group.Length; k++)
            {
                if (original[group[k]] >= 0.5)
                {
                    originalCategory = k;
                }

                var value = candidate[group[k]];
                if (double.IsNaN(value))
                {
                    continue;
                }

                if (best < 0 || value > candidate[group[best]])
                {
                    best = k;
                }
            }

            if (best >= 0 && originalCategory >= 0 && candidate[group[originalCategory]] >= candidate[group[best]])
            {
                best = originalCategory;
            }

            // A row with no category (missing) stays without one unless a category clearly wins.
            if (best < 0 || (originalCategory < 0 && candidate[group[best]] <= 0.5))
            {
                best = originalCategory;
            }

            for (var k = 0; k < group.Length; k++)
            {
                candidate[group[k]] = best < 0 ? original[group[k]] : k == best ? 1 : 0;
            }
        }

        for (var f = 0; f < candidate.Length; f++)
        {
            if (_groupOf[f] >= 0)
            {
                continue;
            }

            var o = original[f];
            if (_immutable[f] || double.IsNaN(candidate[f]))
            {
                candidate[f] = o;
                continue;
            }

            var x = candidate[f];
            var lo = Math.Min(_min[f], o);
            var hi = Math.Max(_max[f], o);
            if (_integer[f])
            {
                x = rounding == IntegerRounding.TowardOriginal && o == Math.Round(o) ? o + Math.Truncate(x - o) : Math.Round(x);
                lo = Math.Ceiling(lo);
                hi = Math.Floor(hi);
            }

            candidate[f] = Math.Clamp(x, lo, hi);
        }
    }

    /// <summary>
    /// Projects onto the constraints and keeps the result within distance <paramref name="epsilon"/> of the
    /// original: a one-hot flip that would leave the ball is undone.
    /// </summary>
    internal void ProjectWithin(ReadOnlySpan<double> original, Span<double> candidate, PerturbationNorm norm, double epsilon)
    {
        Project(original, candidate, IntegerRounding.TowardOriginal);
        if (_groups.Length == 0 || Vectors.Distance(original, candidate, norm) <= epsilon * (1 + 1e-9))
        {
            return;
        }

        foreach (var group in _groups)
        {
            foreach (var f in group)
            {
                candidate[f] = original[f];
            }
        }
    }

    private void CheckWidth(int length, string name)
    {
        if (length != FeatureCount)
        {
            throw new ArgumentException($"Expected a row of {FeatureCount} features, got {length}.", name);
        }
    }
}

/// <summary>How the projection rounds an integer feature.</summary>
internal enum IntegerRounding
{
    /// <summary>Toward the original value, so the perturbation never grows (attacks).</summary>
    TowardOriginal,

    /// <summary>To the nearest whole number (natural corruptions).</summary>
    Nearest,
}
