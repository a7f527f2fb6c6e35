namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// A small dense primal simplex for min c·x subject to A x ≤ b, x ≥ 0, with b ≥ 0 (so the slack basis is feasible),
/// using Bland's rule against cycling. Returns the solution and the dual multipliers (the reduced costs of the slacks,
/// which are the non-negative shadow prices of the constraints).
/// </summary>
internal static class DenseSimplex
{
    private const double Tolerance = 1e-12;

    public static (double[] X, double[] Duals)? Minimize(double[] c, double[][] a, double[] b, int maxPivots = 50_000)
    {
        var m = b.Length;
        var n = c.Length;
        var width = n + m + 1;
        var t = new double[(m + 1) * width];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            if (!(b[i] >= 0))
            {
                return null;
            }

            for (var j = 0; j < n; j++)
            {
                t[(i * width) + j] = a[i][j];
            }

            t[(i * width) + n + i] = 1;
            t[(i * width) + width - 1] = b[i];
            basis[i] = n + i;
        }

        var z = m * width;
        for (var j = 0; j < n; j++)
        {
            t[z + j] = c[j];
        }

        for (var pivots = 0; pivots < maxPivots; pivots++)
        {
            var enter = -1;
            for (var j = 0; j < n + m; j++)
            {
                if (t[z + j] < -Tolerance)
                {
                    enter = j;
                    break;
                }
            }

            if (enter < 0)
            {
                var x = new double[n];
                for (var i = 0; i < m; i++)
                {
                    if (basis[i] < n)
                    {
                        x[basis[i]] = t[(i * width) + width - 1];
                    }
                }

                var duals = new double[m];
                for (var i = 0; i < m; i++)
                {
                    duals[i] = t[z + n + i];
                }

                return (x, duals);
            }

            var leave = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                var coefficient = t[(i * width) + enter];
                if (coefficient > Tolerance)
                {
                    var ratio = t[(i * width) + width - 1] / coefficient;
                    if (ratio < best - Tolerance || (Math.Abs(ratio - best) <= Tolerance && basis[i] < basis[leave]))
                    {
                        best = ratio;
                        leave = i;
                    }
                }
            }

            if (leave < 0)
            {
                return null;
            }

            Pivot(t, width, m, leave, enter);
            basis[leave] = enter;
        }

        return null;
    }

    private static void Pivot(double[] t, int width, int m, int row, int column)
    {
        var p = t[(row * width) + column];
        for (var j = 0; j < width; j++)
        {
            t[(row * width) + j] /= p;
        }

        for (var i = 0; i <= m; i++)
        {
            if (i == row)
            {
                continue;
            }

            var factor = t[(i * width) + column];
            if (factor == 0)
            {
                continue;
            }

            for (var j = 0; j < width; j++)
            {
                t[(i * width) + j] -= factor * t[(row * width) + j];
            }
        }
    }
}
