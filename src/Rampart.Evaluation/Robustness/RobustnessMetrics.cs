using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>The robustness metrics, as functions of predictions and perturbations (also computed by every <see cref="AttackResult"/>).</summary>
public static class RobustnessMetrics
{
    /// <summary>The share of predictions equal to the labels.</summary>
    /// <param name="labels">True classes.</param>
    /// <param name="predictions">Predicted classes, one per label.</param>
    /// <returns>The accuracy; NaN for no rows.</returns>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static double Accuracy(ReadOnlySpan<int> labels, ReadOnlySpan<int> predictions)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"{predictions.Length} predictions for {labels.Length} labels.", nameof(predictions));
        }

        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += labels[i] == predictions[i] ? 1 : 0;
        }

        return labels.Length == 0 ? double.NaN : correct / (double)labels.Length;
    }

    /// <summary>The median distance over successful rows (the mean of the two middle ones for an even count).</summary>
    /// <param name="distances">Per-row perturbation sizes.</param>
    /// <param name="success">Per-row success.</param>
    /// <returns>The median; NaN when no row succeeded.</returns>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static double MedianPerturbation(ReadOnlySpan<double> distances, ReadOnlySpan<bool> success)
    {
        if (distances.Length != success.Length)
        {
            throw new ArgumentException($"{success.Length} success flags for {distances.Length} distances.", nameof(success));
        }

        var chosen = new List<double>();
        for (var i = 0; i < distances.Length; i++)
        {
            if (success[i])
            {
                chosen.Add(distances[i]);
            }
        }

        if (chosen.Count == 0)
        {
            return double.NaN;
        }

        chosen.Sort();
        var mid = chosen.Count / 2;
        return chosen.Count % 2 == 1 ? chosen[mid] : (chosen[mid - 1] + chosen[mid]) / 2;
    }

    /// <summary>
    /// ART's empirical robustness: the mean over successful rows of ‖x_adv − x‖_p / ‖x‖_p. Rows with ‖x‖ = 0 are left
    /// out (ART would divide by zero).
    /// </summary>
    /// <param name="clean">Clean rows.</param>
    /// <param name="adversarial">Adversarial rows, same shape.</param>
    /// <param name="success">Per-row success.</param>
    /// <param name="norm">The norm.</param>
    /// <returns>The mean ratio; NaN when no row counts.</returns>
    /// <exception cref="ArgumentException">When the shapes differ.</exception>
    public static double EmpiricalRobustness(FloatMatrix clean, FloatMatrix adversarial, ReadOnlySpan<bool> success, PerturbationNorm norm)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(adversarial);
        if (clean.Rows != adversarial.Rows || clean.Columns != adversarial.Columns || success.Length != clean.Rows)
        {
            throw new ArgumentException($"Clean {clean.Rows} x {clean.Columns}, adversarial {adversarial.Rows} x {adversarial.Columns} and {success.Length} success flags do not match.", nameof(adversarial));
        }

        double sum = 0;
        var count = 0;
        var zero = new float[clean.Columns];
        for (var r = 0; r < clean.Rows; r++)
        {
            var size = Vectors.Distance(clean.Row(r), zero, norm);
            if (!success[r] || size == 0)
            {
                continue;
            }

            sum += Vectors.Distance(adversarial.Row(r), clean.Row(r), norm) / size;
            count++;
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
