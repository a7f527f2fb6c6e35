using System.Text;

namespace Rampart.ML.Data;

/// <summary>One column's running statistics in constant memory: Welford's mean and variance, min, max, exact distinct values up to a limit and HyperLogLog beyond, and Space-Saving top values.</summary>
internal sealed class ColumnAccumulator(string name)
{
    private const int ExactDistinctLimit = 4096;
    private const int TopCapacity = 64;
    private const int TopShown = 10;

    private readonly HyperLogLog _sketch = new();
    private readonly SpaceSaving _top = new(TopCapacity);
    private HashSet<string>? _distinct = new(StringComparer.Ordinal);
    private long _count;
    private long _missing;
    private long _numeric;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private bool _hasText;
    private bool _trackTop = true;

    public void AddMissing() => _missing++;

    public void Add(ReadOnlySpan<byte> field, Span<char> scratch)
    {
        _count++;
        if (NumberParser.TryParseDouble(field, out var x) && double.IsFinite(x))
        {
            _numeric++;
            var delta = x - _mean;
            _mean += delta / _numeric;
            _m2 += delta * (x - _mean);
            _min = Math.Min(_min, x);
            _max = Math.Max(_max, x);
        }
        else
        {
            _hasText = true;
        }

        _sketch.Add(field);
        if (_distinct is not null)
        {
            var lookup = _distinct.GetAlternateLookup<ReadOnlySpan<char>>();
            var chars = scratch[..Encoding.UTF8.GetChars(field, scratch)];
            if (!lookup.Contains(chars))
            {
                if (_distinct.Count < ExactDistinctLimit)
                {
                    lookup.Add(chars);
                }
                else
                {
                    // Past the limit only the sketch counts; a column of that many distinct numbers has no top values worth keeping.
                    _distinct = null;
                    _trackTop = _hasText;
                }
            }
        }

        if (_trackTop)
        {
            _top.Add(field, scratch);
        }
    }

    public ColumnStatistics ToStatistics() => new()
    {
        Name = name,
        Count = _count,
        Missing = _missing,
        NumericCount = _numeric,
        Mean = _numeric > 0 ? _mean : double.NaN,
        Variance = _numeric > 1 ? _m2 / (_numeric - 1) : double.NaN,
        Min = _numeric > 0 ? _min : double.NaN,
        Max = _numeric > 0 ? _max : double.NaN,
        DistinctCount = _distinct?.Count ?? _sketch.Estimate(),
        DistinctIsExact = _distinct is not null,
        TopValues = _trackTop ? _top.Top(TopShown) : [],
        TopValuesExact = _trackTop && _top.Exact,
    };
}
