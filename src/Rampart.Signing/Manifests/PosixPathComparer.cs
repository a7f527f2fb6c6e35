using System.Text;

namespace Rampart.Signing.Manifests;

/// <summary>
/// Orders relative paths as Python's <c>PurePosixPath</c> does: component by component (split on <c>/</c>),
/// each component by Unicode code point, a path that is a prefix of another first. Plain ordinal string order
/// differs (<c>a/b</c> sorts after <c>a-b</c> there) and compares UTF-16 units rather than code points.
/// </summary>
public sealed class PosixPathComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static PosixPathComparer Instance { get; } = new();

    private PosixPathComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var left = x.Split('/');
        var right = y.Split('/');
        var common = Math.Min(left.Length, right.Length);
        for (var i = 0; i < common; i++)
        {
            var order = CompareCodePoints(left[i], right[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    /// <summary>Compares two strings by Unicode scalar value (lone surrogates count as their own value).</summary>
    internal static int CompareCodePoints(string x, string y)
    {
        var i = 0;
        var j = 0;
        while (i < x.Length && j < y.Length)
        {
            var a = Next(x, ref i);
            var b = Next(y, ref j);
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static int Next(string s, ref int index)
    {
        if (Rune.TryGetRuneAt(s, index, out var rune))
        {
            index += rune.Utf16SequenceLength;
            return rune.Value;
        }

        return s[index++];
    }
}
