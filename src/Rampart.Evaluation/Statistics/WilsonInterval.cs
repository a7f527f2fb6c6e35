namespace Rampart.Evaluation.Statistics;

/// <summary>
/// The Wilson score interval of a proportion k / n (Wilson 1927): unlike the normal approximation it stays inside
/// [0, 1] and is not empty at k = 0 or k = n, which matters for accuracies near 1 on a few hundred rows.
/// </summary>
public static class WilsonInterval
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    /// <param name="successes">k, from 0 to <paramref name="trials"/>.</param>
    /// <param name="trials">n, at least 1.</param>
    /// <param name="z">The normal quantile; <see cref="Z95"/> for 95%.</param>
    /// <returns>The lower and upper ends.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When n &lt; 1, k is outside [0, n] or z is not positive.</exception>
    public static (double Lower, double Upper) Of(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(z > 0) || !double.IsFinite(z))
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, "z must be a positive number.");
        }

        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / (1 + (z2 / n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
