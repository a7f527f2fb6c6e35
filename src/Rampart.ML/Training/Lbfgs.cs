namespace Rampart.ML.Training;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such as L2-regularised
/// logistic regression. Deterministic.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="x"/> (updated in place).</summary>
    /// <param name="x">Start point; holds the minimiser on return.</param>
    /// <param name="objective">Returns f(x) and writes the gradient into its second argument.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="tolerance">Stop when the gradient's max-norm falls below this.</param>
    /// <param name="memory">Number of correction pairs kept.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Iterations used.</returns>
    public static int Minimize(double[] x, Func<double[], double[], double> objective, int maxIterations, double tolerance, int memory, CancellationToken cancellationToken)
    {
        var n = x.Length;
        var g = new double[n];
        var f = objective(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[memory];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (MaxAbs(g) < tolerance)
            {
                return iteration;
            }

            // Two-loop recursion: d = -H g.
            Array.Copy(g, d, n);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], d);
                Axpy(-alpha[k], y[k], d);
            }

            var gamma = s.Count == 0 ? 1.0 / Math.Max(1.0, Math.Sqrt(Dot(g, g))) : Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
            for (var i = 0; i < n; i++)
            {
                d[i] *= gamma;
            }

            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * Dot(y[k], d);
                Axpy(alpha[k] - beta, s[k], d);
            }

            for (var i = 0; i < n; i++)
            {
                d[i] = -d[i];
            }

            var slope = Dot(g, d);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var i = 0; i < n; i++)
                {
                    d[i] = -g[i];
                }

                slope = Dot(g, d);
            }

            var step = 1.0;
            double fNew;
            var tries = 0;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + (step * d[i]);
                }

                fNew = objective(xNew, gNew);
                if (fNew <= f + (1e-4 * step * slope) || ++tries > 40)
                {
                    break;
                }

                step *= 0.5;
            }

            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++)
            {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }

            var sy = Dot(sk, yk);
            if (sy > 1e-12)
            {
                if (s.Count == memory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1.0 / sy);
            }

            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            var improvement = f - fNew;
            f = fNew;
            if (improvement >= 0 && improvement < 1e-12 * Math.Max(1.0, Math.Abs(f)))
            {
                return iteration + 1;
            }
        }

        return maxIterations;
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v)
        {
            max = Math.Max(max, Math.Abs(value));
        }

        return max;
    }
}
