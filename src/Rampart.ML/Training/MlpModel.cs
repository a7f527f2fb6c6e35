using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>
/// A trained multilayer perceptron: dense layers with ReLU between them and a softmax output. Layer l holds a
/// weight matrix of (outputs x inputs), row-major, and a bias per output.
/// </summary>
public sealed class MlpModel : TrainedModel, IGradientPredictor
{
    internal MlpModel(float[][] weights, float[][] biases, int[] sizes, PredictorInfo info)
        : base(info)
    {
        LayerWeights = weights;
        LayerBiases = biases;
        Sizes = sizes;
    }

    /// <summary>Weights per layer, (outputs x inputs) row-major.</summary>
    public IReadOnlyList<float[]> LayerWeights { get; }

    /// <summary>Biases per layer.</summary>
    public IReadOnlyList<float[]> LayerBiases { get; }

    /// <summary>Layer widths from the input to the output (input features, hidden..., classes).</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <inheritdoc />
    public override FloatMatrix Predict(FloatMatrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckWidth(inputs);
        var output = new FloatMatrix(inputs.Rows, Sizes[^1]);
        var activations = Buffers();
        for (var r = 0; r < inputs.Rows; r++)
        {
            Forward(inputs.Row(r), activations);
            var last = activations[^1].AsSpan();
            Softmax.InPlace(last);
            last.CopyTo(output.Row(r));
        }

        return output;
    }

    /// <inheritdoc />
    public FloatMatrix InputGradient(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels)
    {
        CheckGradientArguments(inputs, target, labels);

        var classes = Sizes[^1];
        var gradient = new FloatMatrix(inputs.Rows, Sizes[0]);
        var activations = Buffers();
        var deltas = Buffers();
        for (var r = 0; r < inputs.Rows; r++)
        {
            Forward(inputs.Row(r), activations);
            var top = deltas[^1];
            Array.Clear(top);
            if (target.Kind == GradientKind.Logit)
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target.ClassIndex, classes);
                top[target.ClassIndex] = 1;
            }
            else
            {
                activations[^1].CopyTo(top, 0);
                Softmax.InPlace(top.AsSpan());
                top[(int)labels[r]] -= 1;
            }

            Backward(activations, deltas);
            deltas[0].CopyTo(gradient.Row(r));
        }

        return gradient;
    }

    /// <summary>Fills activations[l] for every layer; the last holds the logits. Hidden activations are post-ReLU.</summary>
    internal void Forward(ReadOnlySpan<float> x, float[][] activations)
    {
        x.CopyTo(activations[0]);
        for (var l = 0; l < LayerWeights.Count; l++)
        {
            var input = activations[l];
            var output = activations[l + 1];
            var w = LayerWeights[l];
            var b = LayerBiases[l];
            var inputs = Sizes[l];
            for (var o = 0; o < output.Length; o++)
            {
                var z = Kernels.Dot(w.AsSpan(o * inputs, inputs), input) + b[o];
                output[o] = l < LayerWeights.Count - 1 ? MathF.Max(0, z) : z;
            }
        }
    }

    /// <summary>Given d(loss)/d(logits) in deltas[^1], fills deltas[l] with d(loss)/d(activations[l]) down to the input.</summary>
    internal void Backward(float[][] activations, float[][] deltas)
    {
        for (var l = LayerWeights.Count - 1; l >= 0; l--)
        {
            var below = deltas[l];
            Array.Clear(below);
            var delta = deltas[l + 1];
            var w = LayerWeights[l];
            var inputs = Sizes[l];
            for (var o = 0; o < delta.Length; o++)
            {
                if (delta[o] != 0)
                {
                    Kernels.Axpy(delta[o], w.AsSpan(o * inputs, inputs), below);
                }
            }

            if (l > 0)
            {
                // Through the ReLU of the layer below: zero where it was inactive.
                var a = activations[l];
                for (var i = 0; i < below.Length; i++)
                {
                    if (a[i] <= 0)
                    {
                        below[i] = 0;
                    }
                }
            }
        }
    }

    internal float[][] Buffers() => [.. Sizes.Select(s => new float[s])];
}
