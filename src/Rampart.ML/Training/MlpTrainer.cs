using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>Settings of <see cref="MlpTrainer"/>; the defaults follow scikit-learn's <c>MLPClassifier</c>.</summary>
public sealed record MlpOptions
{
    /// <summary>Hidden layer widths. Default: one layer of 100.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [100];

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>L2 penalty on weights. Default 1e-4.</summary>
    public float Alpha { get; init; } = 1e-4f;

    /// <summary>Mini-batch size (capped at the row count). Default 200.</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Most epochs. Default 200.</summary>
    public int MaxEpochs { get; init; } = 200;

    /// <summary>Hold out a validation share and stop when its accuracy stops improving. Default true.</summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>Share of rows held out for early stopping. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Epochs without improvement before stopping. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>Smallest improvement that counts. Default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Seed for initialisation, shuffling and the validation split. Default 42.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>
/// Trains a multilayer perceptron (ReLU hidden layers, softmax output, cross-entropy) with Adam on shuffled
/// mini-batches, sample weights, L2 regularisation and early stopping on a held-out share. Deterministic for a seed.
/// </summary>
public static class MlpTrainer
{
    /// <summary>Trains a model.</summary>
    /// <param name="data">Training data.</param>
    /// <param name="options">Settings, or <c>null</c> for the defaults.</param>
    /// <param name="classLabels">Class names for the model's info, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The model with the best validation accuracy seen (or the last, without early stopping).</returns>
    public static MlpModel Fit(TrainingSet data, MlpOptions? options = null, IReadOnlyList<string>? classLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new MlpOptions();
        var random = new Random(options.Seed);
        var sizes = new[] { data.Features.Columns }.Concat(options.HiddenLayers).Append(data.ClassCount).ToArray();
        var layers = sizes.Length - 1;

        // Glorot-uniform initialisation, as scikit-learn.
        var weights = new float[layers][];
        var biases = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            var bound = MathF.Sqrt(6f / (sizes[l] + sizes[l + 1]));
            weights[l] = [.. Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => (float)(((random.NextDouble() * 2) - 1) * bound))];
            biases[l] = [.. Enumerable.Range(0, sizes[l + 1]).Select(_ => (float)(((random.NextDouble() * 2) - 1) * bound))];
        }

        var info = LinearModel.InfoFor(sizes[0], data.ClassCount, classLabels, "rampart mlp");
        var model = new MlpModel(weights, biases, sizes, info);

        var order = Enumerable.Range(0, data.Features.Rows).ToArray();
        random.Shuffle(order);
        var validationCount = options.EarlyStopping ? Math.Max(1, (int)(order.Length * options.ValidationFraction)) : 0;
        var validation = order[..validationCount];
        var train = order[validationCount..];

        var adam = new Adam(weights, biases, options.LearningRate);
        var gradW = weights.Select(w => new float[w.Length]).ToArray();
        var gradB = biases.Select(b => new float[b.Length]).ToArray();
        var activations = model.Buffers();
        var deltas = model.Buffers();
        var batch = Math.Max(1, Math.Min(options.BatchSize, train.Length));

        var best = double.NegativeInfinity;
        (float[][] W, float[][] B)? bestParameters = null;
        var stale = 0;
        for (var epoch = 0; epoch < options.MaxEpochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(train);
            for (var start = 0; start < train.Length; start += batch)
            {
                var end = Math.Min(train.Length, start + batch);
                foreach (var g in gradW)
                {
                    Array.Clear(g);
                }

                foreach (var g in gradB)
                {
                    Array.Clear(g);
                }

                var weightSum = 0f;
                for (var s = start; s < end; s++)
                {
                    var i = train[s];
                    var w = data.WeightOf(i);
                    if (w == 0)
                    {
                        continue;
                    }

                    weightSum += w;
                    model.Forward(data.Features.Row(i), activations);
                    var top = deltas[^1];
                    activations[^1].CopyTo(top, 0);
                    Softmax.InPlace(top.AsSpan());
                    top[(int)data.Labels[i]] -= 1;
                    for (var k = 0; k < top.Length; k++)
                    {
                        top[k] *= w;
                    }

                    Accumulate(model, activations, deltas, gradW, gradB);
                }

                if (weightSum == 0)
                {
                    continue;
                }

                for (var l = 0; l < layers; l++)
                {
                    for (var j = 0; j < gradW[l].Length; j++)
                    {
                        gradW[l][j] = (gradW[l][j] / weightSum) + (options.Alpha * weights[l][j] / (end - start));
                    }

                    for (var j = 0; j < gradB[l].Length; j++)
                    {
                        gradB[l][j] /= weightSum;
                    }
                }

                adam.Step(gradW, gradB);
            }

            if (!options.EarlyStopping)
            {
                continue;
            }

            var score = Accuracy(model, data, validation);
            if (score > best + options.Tolerance)
            {
                best = score;
                stale = 0;
                bestParameters = ([.. weights.Select(w => (float[])w.Clone())], [.. biases.Select(b => (float[])b.Clone())]);
            }
            else if (++stale >= options.Patience)
            {
                break;
            }
        }

        if (bestParameters is { } saved)
        {
            for (var l = 0; l < layers; l++)
            {
                Array.Copy(saved.W[l], weights[l], weights[l].Length);
                Array.Copy(saved.B[l], biases[l], biases[l].Length);
            }
        }

        return model;
    }

    // Adds this row's parameter gradients, given d(loss)/d(logits) in deltas[^1]; walks down the layers.
    private static void Accumulate(MlpModel model, float[][] activations, float[][] deltas, float[][] gradW, float[][] gradB)
    {
        for (var l = model.LayerWeights.Count - 1; l >= 0; l--)
        {
            var delta = deltas[l + 1];
            var input = activations[l];
            var inputs = model.Sizes[l];
            for (var o = 0; o < delta.Length; o++)
            {
                if (delta[o] != 0)
                {
                    Kernels.Axpy(delta[o], input, gradW[l].AsSpan(o * inputs, inputs));
                    gradB[l][o] += delta[o];
                }
            }

            if (l == 0)
            {
                break;
            }

            var below = deltas[l];
            Array.Clear(below);
            var w = model.LayerWeights[l];
            for (var o = 0; o < delta.Length; o++)
            {
                if (delta[o] != 0)
                {
                    Kernels.Axpy(delta[o], w.AsSpan(o * inputs, inputs), below);
                }
            }

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

    private static double Accuracy(MlpModel model, TrainingSet data, int[] rows)
    {
        var activations = model.Buffers();
        double correct = 0, total = 0;
        foreach (var i in rows)
        {
            model.Forward(data.Features.Row(i), activations);
            var logits = activations[^1];
            var predicted = 0;
            for (var k = 1; k < logits.Length; k++)
            {
                if (logits[k] > logits[predicted])
                {
                    predicted = k;
                }
            }

            var w = data.WeightOf(i);
            total += w;
            correct += predicted == (int)data.Labels[i] ? w : 0;
        }

        return total == 0 ? 0 : correct / total;
    }

    private sealed class Adam(float[][] weights, float[][] biases, float learningRate)
    {
        private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
        private readonly float[][] _mW = [.. weights.Select(w => new float[w.Length])];
        private readonly float[][] _vW = [.. weights.Select(w => new float[w.Length])];
        private readonly float[][] _mB = [.. biases.Select(b => new float[b.Length])];
        private readonly float[][] _vB = [.. biases.Select(b => new float[b.Length])];
        private int _t;

        public void Step(float[][] gradW, float[][] gradB)
        {
            _t++;
            var correction = learningRate * MathF.Sqrt(1 - MathF.Pow(Beta2, _t)) / (1 - MathF.Pow(Beta1, _t));
            for (var l = 0; l < weights.Length; l++)
            {
                Update(weights[l], gradW[l], _mW[l], _vW[l], correction);
                Update(biases[l], gradB[l], _mB[l], _vB[l], correction);
            }
        }

        private static void Update(float[] p, float[] g, float[] m, float[] v, float step)
        {
            for (var i = 0; i < p.Length; i++)
            {
                m[i] = (Beta1 * m[i]) + ((1 - Beta1) * g[i]);
                v[i] = (Beta2 * v[i]) + ((1 - Beta2) * g[i] * g[i]);
                p[i] -= step * m[i] / (MathF.Sqrt(v[i]) + Epsilon);
            }
        }
    }
}
