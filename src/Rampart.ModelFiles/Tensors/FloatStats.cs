namespace Rampart.ModelFiles.Tensors;

/// <summary>Counts of unusual values in a float tensor.</summary>
/// <param name="Values">Values read.</param>
/// <param name="NaN">NaN values.</param>
/// <param name="Infinite">Positive or negative infinities.</param>
/// <param name="Extreme">Finite values with a magnitude above <see cref="FloatValues.ExtremeMagnitude"/>.</param>
internal readonly record struct FloatStats(long Values, long NaN, long Infinite, long Extreme)
{
    /// <summary>Whether any NaN or infinity was seen.</summary>
    public bool HasNonFinite => NaN > 0 || Infinite > 0;

    /// <summary>The sum of two counts.</summary>
    /// <param name="left">One count.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    public static FloatStats operator +(FloatStats left, FloatStats right) =>
        new(left.Values + right.Values, left.NaN + right.NaN, left.Infinite + right.Infinite, left.Extreme + right.Extreme);
}
