using System.Text;
using System.Text.RegularExpressions;

namespace Rampart.ModelFiles;

/// <summary>
/// A path glob: <c>*</c> matches within one path component, <c>**</c> across components, <c>?</c> one character.
/// A pattern without <c>/</c> matches the last component (the file or folder name) anywhere; one with <c>/</c>
/// matches the whole path relative to the folder scanned.
/// </summary>
public sealed class Glob
{
    private readonly Regex _regex;
    private readonly bool _nameOnly;

    /// <summary>Compiles a pattern.</summary>
    /// <param name="pattern">The pattern.</param>
    public Glob(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        var normalized = pattern.Replace('\\', '/').TrimStart('/');
        _nameOnly = !normalized.Contains('/', StringComparison.Ordinal);
        var regex = new StringBuilder("^");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                i++;
                if (i + 1 < normalized.Length && normalized[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?");
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        regex.Append('$');
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>Whether a relative path (forward slashes) matches.</summary>
    /// <param name="relativePath">The path.</param>
    /// <returns><c>true</c> on a match.</returns>
    public bool IsMatch(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var subject = _nameOnly ? relativePath[(relativePath.LastIndexOf('/') + 1)..] : relativePath;
        return _regex.IsMatch(subject);
    }
}
