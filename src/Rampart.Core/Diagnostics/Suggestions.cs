namespace Rampart.Diagnostics;

/// <summary>"Did you mean" suggestions for misspelt keys and ids.</summary>
public static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="input"/>, if close enough to be a likely typo.</summary>
    /// <param name="input">What the user wrote.</param>
    /// <param name="candidates">The valid values.</param>
    /// <returns>The suggestion, or <c>null</c>.</returns>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(candidates);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var limit = Math.Max(2, input.Length / 3);
        if (bestDistance <= limit)
        {
            return best;
        }

        // A truncated or extended word ("deploy" for "deployment") is a likely slip too.
        return input.Length >= 3
            ? candidates.FirstOrDefault(c => c.StartsWith(input, StringComparison.OrdinalIgnoreCase) || input.StartsWith(c, StringComparison.OrdinalIgnoreCase))
            : null;
    }

    /// <summary>A message suffix such as <c> Did you mean 'owner'?</c>, or an empty string.</summary>
    /// <param name="input">What the user wrote.</param>
    /// <param name="candidates">The valid values.</param>
    /// <returns>The suffix.</returns>
    public static string DidYouMean(string input, IEnumerable<string> candidates)
    {
        var closest = Closest(input, candidates);
        return closest is null ? string.Empty : $" Did you mean '{closest}'?";
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    /// <param name="a">First string.</param>
    /// <param name="b">Second string.</param>
    /// <returns>The number of single-character edits between them.</returns>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
