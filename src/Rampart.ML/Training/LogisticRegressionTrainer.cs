namespace Rampart.ML.Training;

/// <summary>Settings of <see cref="LogisticRegressionTrainer"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Inverse regularisation strength, as scikit-learn's <c>C</c>: the objective is C x (weighted log-loss) + ||W||^2 / 2 (intercepts not penalised). Default 1.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Iteration cap of L-BFGS. Default 500.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when the gradient's largest component is below this. Default 1e-5.</summary>
    public double Tolerance { get; init; } = 1e-5;
}

/// <summary>
/// L2-regularised logistic regression fitted by L-BFGS: binary (one weight vector, sigmoid) or multinomial
/// (softmax), with sample weights. The objective matches scikit-learn's <c>LogisticRegression(penalty="l2")</c>,
/// so the fitted coefficients agree with it to the optimiser's tolerance. Deterministic (no randomness).
/// </summary>
public static class LogisticRegressionTrainer
{
    /// <summary>Fits a model.</summary>
    /// <param name="data">Training data.</param>
    /// <param name="options">Settings, or <c>null</c> for the defaults.</param>
    /// <param name="classLabels">Class names for the model's info, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The model.</returns>
    public static LinearModel Fit(TrainingSet data, LogisticRegressionOptions? options = null, IReadOnlyList<string>? classLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new LogisticRegressionOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.C);
        var x = data.Features;
        var n = x.Rows;
        var f = x.Columns;
        var k = data.ClassCount;
        var rows = k == 2 ? 1 : k;
        var parameters = new double[rows * (f + 1)];

        double Objective(double[] p, double[] grad)
        {
            Array.Clear(grad);
            var loss = 0.0;
            Span<double> z = stackalloc double[k];
            for (var i = 0; i < n; i++)
            {
                var xi = x.Row(i);
                var w = data.WeightOf(i);
                if (w == 0)
                {
                    continue;
                }

                var y = (int)data.Labels[i];
                if (rows == 1)
                {
                    var t = p[f];
                    for (var j = 0; j < f; j++)
                    {
                        t += p[j] * xi[j];
                    }

                    // log(1 + exp(-s t)) with s = +1 for class 1, -1 for class 0, computed stably.
                    var s = y == 1 ? 1.0 : -1.0;
                    var m = -s * t;
                    loss += w * (m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m)));
                    var sigma = 1.0 / (1.0 + Math.Exp(-t));
                    var d = w * (sigma - y);
                    for (var j = 0; j < f; j++)
                    {
                        grad[j] += d * xi[j];
                    }

                    grad[f] += d;
                    continue;
                }

                for (var c = 0; c < k; c++)
                {
                    var offset = c * (f + 1);
                    var t = p[offset + f];
                    for (var j = 0; j < f; j++)
                    {
                        t += p[offset + j] * xi[j];
                    }

                    z[c] = t;
                }

                var max = double.NegativeInfinity;
                foreach (var v in z)
                {
                    max = Math.Max(max, v);
                }

                var sum = 0.0;
                foreach (var v in z)
                {
                    sum += Math.Exp(v - max);
                }

                var logSum = max + Math.Log(sum);
                loss += w * (logSum - z[y]);
                for (var c = 0; c < k; c++)
                {
                    var d = w * (Math.Exp(z[c] - logSum) - (c == y ? 1 : 0));
                    var offset = c * (f + 1);
                    for (var j = 0; j < f; j++)
                    {
                        grad[offset + j] += d * xi[j];
                    }

                    grad[offset + f] += d;
                }
            }

            var objective = options.C * loss;
            for (var i = 0; i < grad.Length; i++)
            {
                grad[i] *= options.C;
            }

            for (var c = 0; c < rows; c++)
            {
                for (var j = 0; j < f; j++)
                {
                    var v = p[(c * (f + 1)) + j];
                    objective += 0.5 * v * v;
                    grad[(c * (f + 1)) + j] += v;
                }
            }

            return objective;
        }

        Lbfgs.Minimize(parameters, Objective, options.MaxIterations, options.Tolerance, memory: 10, cancellationToken);

        var weights = new float[rows][];
        var bias = new float[rows];
        for (var c = 0; c < rows; c++)
        {
            weights[c] = [.. parameters.AsSpan(c * (f + 1), f).ToArray().Select(v => (float)v)];
            bias[c] = (float)parameters[(c * (f + 1)) + f];
        }

        return new LinearModel(weights, bias, k, LinearModel.InfoFor(f, k, classLabels, "rampart logistic regression"));
    }
}
