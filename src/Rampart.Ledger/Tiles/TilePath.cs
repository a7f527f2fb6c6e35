using System.Globalization;
using System.Text;

namespace Rampart.Ledger.Tiles;

/// <summary>Paths of the c2sp.org/tlog-tiles static read API (hash tiles and entry bundles).</summary>
public static class TilePath
{
    /// <summary>The number of hashes in a full tile, and of entries in a full entry bundle.</summary>
    public const int FullWidth = 256;

    /// <summary>Returns <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c> for entry bundle <paramref name="index"/>.</summary>
    /// <param name="index">The bundle index (entry index / 256).</param>
    /// <param name="width">The number of entries in the bundle, 1 to 256; below 256 the bundle is partial.</param>
    /// <exception cref="ArgumentOutOfRangeException">The width is not 1 to 256.</exception>
    public static string EntryBundle(ulong index, int width) => $"tile/entries/{Encode(index, width)}";

    /// <summary>Returns <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> for hash tile <paramref name="index"/> at <paramref name="level"/>.</summary>
    /// <param name="level">The tile level; level 0 holds leaf hashes.</param>
    /// <param name="index">The tile index at that level.</param>
    /// <param name="width">The number of hashes in the tile, 1 to 256; below 256 the tile is partial.</param>
    /// <exception cref="ArgumentOutOfRangeException">The level is negative or the width is not 1 to 256.</exception>
    public static string HashTile(int level, ulong index, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        return $"tile/{level.ToString(CultureInfo.InvariantCulture)}/{Encode(index, width)}";
    }

    /// <summary>Encodes an index as 3-digit path elements, all but the last prefixed with x (1234067 → x001/x234/067), plus the partial width.</summary>
    internal static string Encode(ulong index, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, FullWidth);
        var groups = new List<string>();
        do
        {
            groups.Add((index % 1000).ToString("D3", CultureInfo.InvariantCulture));
            index /= 1000;
        }
        while (index > 0);

        groups.Reverse();
        var path = new StringBuilder();
        for (var i = 0; i < groups.Count; i++)
        {
            path.Append(i < groups.Count - 1 ? "x" : string.Empty).Append(groups[i]).Append(i < groups.Count - 1 ? "/" : string.Empty);
        }

        if (width < FullWidth)
        {
            path.Append(".p/").Append(width.ToString(CultureInfo.InvariantCulture));
        }

        return path.ToString();
    }
}
