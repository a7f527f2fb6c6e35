using Rampart.Evaluation.Statistics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Standard normal draws from a seeded generator by Marsaglia's polar method, using both values of each pair.</summary>
internal sealed class GaussianSource(Xoshiro256 random)
{
    private double _spare;
    private bool _hasSpare;

    public double Next()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                var scale = Math.Sqrt(-2 * Math.Log(s) / s);
                _spare = v * scale;
                _hasSpare = true;
                return u * scale;
            }
        }
    }
}
