using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>
/// A trained (multinomial or binary) logistic regression: class logits z = W x + b and probabilities softmax(z).
/// A binary model keeps one weight vector w and uses the logits (-z/2, z/2), whose softmax is the sigmoid of z.
/// </summary>
public sealed class LinearModel : TrainedModel, IGradientPredictor
{
    internal LinearModel(float[][] weights, float[] bias, int classCount, PredictorInfo info)
        : base(info)
    {
        Weights = weights;
        Bias = bias;
        ClassCount = classCount;
    }

    /// <summary>Weight rows: one (binary) or one per class, each of the feature count.</summary>
    public IReadOnlyList<float[]> Weights { get; }

    /// <summary>Intercepts, one per weight row.</summary>
    public IReadOnlyList<float> Bias { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <inheritdoc />
    public override FloatMatrix Predict(FloatMatrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckWidth(inputs);
        var output = new FloatMatrix(inputs.Rows, ClassCount);
        Span<float> logits = stackalloc float[ClassCount];
        for (var r = 0; r < inputs.Rows; r++)
        {
            Logits(inputs.Row(r), logits);
            Softmax.InPlace(logits);
            logits.CopyTo(output.Row(r));
        }

        return output;
    }

    /// <inheritdoc />
    public FloatMatrix InputGradient(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels)
    {
        CheckGradientArguments(inputs, target, labels);

        var features = Info.FeatureCount;
        var gradient = new FloatMatrix(inputs.Rows, features);
        Span<float> logits = stackalloc float[ClassCount];
        Span<float> coefficient = stackalloc float[ClassCount];
        for (var r = 0; r < inputs.Rows; r++)
        {
            coefficient.Clear();
            if (target.Kind == GradientKind.Logit)
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target.ClassIndex, ClassCount);
                coefficient[target.ClassIndex] = 1;
            }
            else
            {
                // d(cross-entropy)/d(logit_k) = p_k - [k == y].
                Logits(inputs.Row(r), logits);
                Softmax.InPlace(logits);
                logits.CopyTo(coefficient);
                coefficient[(int)labels[r]] -= 1;
            }

            var row = gradient.Row(r);
            for (var k = 0; k < ClassCount; k++)
            {
                if (coefficient[k] == 0)
                {
                    continue;
                }

                // Binary logits are (-z/2, z/2), so each depends on w with a factor of -1/2 or 1/2.
                var (w, scale) = ClassCount == 2 && Weights.Count == 1 ? (Weights[0], k == 0 ? -0.5f : 0.5f) : (Weights[k], 1f);
                for (var j = 0; j < features; j++)
                {
                    row[j] += coefficient[k] * scale * w[j];
                }
            }
        }

        return gradient;
    }

    internal void Logits(ReadOnlySpan<float> x, Span<float> logits)
    {
        if (Weights.Count == 1)
        {
            var z = Dot(Weights[0], x) + Bias[0];
            logits[0] = -z / 2;
            logits[1] = z / 2;
            return;
        }

        for (var k = 0; k < ClassCount; k++)
        {
            logits[k] = Dot(Weights[k], x) + Bias[k];
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Kernels.Dot(a, b);


    internal static PredictorInfo InfoFor(int features, int classes, IReadOnlyList<string>? classLabels, string source) => new()
    {
        FeatureCount = features,
        Kind = PredictionKind.Classification,
        OutputCount = classes,
        ClassLabels = classLabels is null ? [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [.. classLabels],
        Source = source,
    };
}
