namespace Rampart.Evaluation.Mitigation;

/// <summary>
/// fairlearn's UtilityParity moments with ratio 1 and bound 0 (DemographicParity, EqualizedOdds,
/// TruePositiveRateParity, FalsePositiveRateParity): for every (event, group) with rows, γ = E[h | event, group] −
/// E[h | event]; the constraint vector is (γ, −γ) (signs + and −), each bounded by 0.
/// </summary>
internal sealed class ParityMoment
{
    private readonly int[] _rowPair;
    private readonly int[] _rowEvent;
    private readonly int[] _pairEvent;
    private readonly long[] _pairCount;
    private readonly long[] _eventCount;
    private readonly int _rows;

    public ParityMoment(FairnessConstraint constraint, ReadOnlySpan<int> labels, ReadOnlySpan<int> rowGroup, int groups)
    {
        _rows = labels.Length;
        var events = constraint == FairnessConstraint.EqualizedOdds ? 2 : 1;
        _rowEvent = new int[_rows];
        for (var i = 0; i < _rows; i++)
        {
            _rowEvent[i] = constraint switch
            {
                FairnessConstraint.DemographicParity => 0,
                FairnessConstraint.EqualizedOdds => labels[i],
                FairnessConstraint.TruePositiveRateParity => labels[i] == 1 ? 0 : -1,
                _ => labels[i] == 0 ? 0 : -1,
            };
        }

        var counts = new long[events * groups];
        _eventCount = new long[events];
        for (var i = 0; i < _rows; i++)
        {
            if (_rowEvent[i] >= 0)
            {
                counts[(_rowEvent[i] * groups) + rowGroup[i]]++;
                _eventCount[_rowEvent[i]]++;
            }
        }

        // Only (event, group) cells with rows are constraints, as fairlearn's groupby keeps only the observed ones.
        var pairOf = new int[counts.Length];
        var pairEvent = new List<int>();
        var pairCount = new List<long>();
        for (var c = 0; c < counts.Length; c++)
        {
            pairOf[c] = counts[c] > 0 ? pairEvent.Count : -1;
            if (counts[c] > 0)
            {
                pairEvent.Add(c / groups);
                pairCount.Add(counts[c]);
            }
        }

        _pairEvent = [.. pairEvent];
        _pairCount = [.. pairCount];
        _rowPair = new int[_rows];
        for (var i = 0; i < _rows; i++)
        {
            _rowPair[i] = _rowEvent[i] >= 0 ? pairOf[(_rowEvent[i] * groups) + rowGroup[i]] : -1;
        }
    }

    /// <summary>Number of (event, group) cells; the constraint vector has twice as many entries.</summary>
    public int Pairs => _pairCount.Length;

    /// <summary>The constraint vector (γ, −γ) of decisions in [0, 1].</summary>
    public double[] Gamma(ReadOnlySpan<double> decisions)
    {
        var pairSum = new double[Pairs];
        var eventSum = new double[_eventCount.Length];
        for (var i = 0; i < _rows; i++)
        {
            if (_rowPair[i] >= 0)
            {
                pairSum[_rowPair[i]] += decisions[i];
                eventSum[_rowEvent[i]] += decisions[i];
            }
        }

        var gamma = new double[2 * Pairs];
        for (var j = 0; j < Pairs; j++)
        {
            var g = (pairSum[j] / _pairCount[j]) - (eventSum[_pairEvent[j]] / _eventCount[_pairEvent[j]]);
            gamma[j] = g;
            gamma[Pairs + j] = -g;
        }

        return gamma;
    }

    /// <summary>
    /// The constraints' part of the signed weights (the benefit, scaled by n, of deciding 1 on each row):
    /// Σ_g (λ⁺ − λ⁻)_{e,g} / P(e) − (λ⁺ − λ⁻)_{e,g(i)} / P(e, g(i)) for the row's event e.
    /// </summary>
    public double[] SignedWeights(ReadOnlySpan<double> lambda)
    {
        var eventPart = new double[_eventCount.Length];
        var adjust = new double[Pairs];
        for (var j = 0; j < Pairs; j++)
        {
            eventPart[_pairEvent[j]] += lambda[j] - lambda[Pairs + j];
        }

        for (var e = 0; e < eventPart.Length; e++)
        {
            eventPart[e] /= (double)_eventCount[e] / _rows;
        }

        for (var j = 0; j < Pairs; j++)
        {
            adjust[j] = eventPart[_pairEvent[j]] - ((lambda[j] - lambda[Pairs + j]) / ((double)_pairCount[j] / _rows));
        }

        var weights = new double[_rows];
        for (var i = 0; i < _rows; i++)
        {
            weights[i] = _rowPair[i] >= 0 ? adjust[_rowPair[i]] : 0;
        }

        return weights;
    }

    /// <summary>fairlearn's project_lambda for ratio 1: (λ⁺ − λ⁻)⁺ and (λ⁻ − λ⁺)⁺.</summary>
    public double[] Project(ReadOnlySpan<double> lambda)
    {
        var projected = new double[lambda.Length];
        for (var j = 0; j < Pairs; j++)
        {
            var d = lambda[j] - lambda[Pairs + j];
            projected[j] = Math.Max(d, 0);
            projected[Pairs + j] = Math.Max(-d, 0);
        }

        return projected;
    }
}
