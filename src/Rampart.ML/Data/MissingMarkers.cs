using System.Collections.Immutable;
using System.Text;

namespace Rampart.ML.Data;

/// <summary>Matches fields against the missing-value markers without decoding them: a first-byte table rules most fields out at once.</summary>
internal sealed class MissingMarkers
{
    private readonly byte[][] _markers;
    private readonly bool[] _firstBytes = new bool[256];
    private readonly bool _empty;
    private readonly int _longest;

    public MissingMarkers(ImmutableArray<string> markers)
    {
        _empty = markers.Contains(string.Empty);
        _markers = [.. markers.Where(m => m.Length > 0).Select(Encoding.UTF8.GetBytes)];
        foreach (var marker in _markers)
        {
            _firstBytes[marker[0]] = true;
            _longest = Math.Max(_longest, marker.Length);
        }
    }

    public bool Matches(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return _empty;
        }

        if (!_firstBytes[field[0]] || field.Length > _longest)
        {
            return false;
        }

        foreach (var marker in _markers)
        {
            if (field.SequenceEqual(marker))
            {
                return true;
            }
        }

        return false;
    }
}
