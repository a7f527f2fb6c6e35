using System.Collections.Immutable;
using System.Text;

namespace Rampart.ML.Data;

/// <summary>
/// The Space-Saving heavy-hitters summary (Metwally et al. 2005): keeps <c>capacity</c> counters; a new value takes
/// over the smallest counter. Every value occurring more than n / capacity times is kept, and a kept count
/// overestimates by at most the count it took over. Exact while fewer than <c>capacity</c> distinct values were seen.
/// </summary>
internal sealed class SpaceSaving(int capacity)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private bool _lookupReady;

    public bool Exact { get; private set; } = true;

    public void Add(ReadOnlySpan<byte> value, Span<char> scratch)
    {
        if (!_lookupReady)
        {
            _lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
            _lookupReady = true;
        }

        var chars = scratch[..Encoding.UTF8.GetChars(value, scratch)];
        if (_lookup.TryGetValue(chars, out var count))
        {
            _lookup[chars] = count + 1;
            return;
        }

        if (_counts.Count < capacity)
        {
            _counts[chars.ToString()] = 1;
            return;
        }

        // Linear in the capacity; a small capacity keeps this cheap next to parsing.
        var (victim, least) = (string.Empty, long.MaxValue);
        foreach (var (key, value2) in _counts)
        {
            if (value2 < least || (value2 == least && string.CompareOrdinal(key, victim) < 0))
            {
                (victim, least) = (key, value2);
            }
        }

        _counts.Remove(victim);
        _counts[chars.ToString()] = least + 1;
        Exact = false;
    }

    public ImmutableArray<CategoryCount> Top(int count) =>
        [.. _counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => new CategoryCount(p.Key, p.Value))];
}
