using System.Globalization;
using System.Text;

namespace Rampart.ModelFiles.Gguf;

/// <summary>
/// Finds Jinja2 server-side template injection patterns in a chat template (CVE-2024-34359). Only the code of the
/// template is examined — expressions <c>{{ }}</c> and statements <c>{% %}</c>, with escapes in their string
/// literals decoded and adjacent literals joined by <c>~</c> or <c>+</c> — so prose in the template's text never
/// matches.
/// </summary>
internal static class ChatTemplateCheck
{
    private static readonly HashSet<string> DangerousNames = new(StringComparer.Ordinal)
    {
        "import", "popen", "eval", "exec", "subprocess", "lipsum",
    };

    private static readonly HashSet<string> GadgetObjects = new(StringComparer.Ordinal) { "cycler", "joiner", "namespace", "os" };

    private static readonly HashSet<string> SensitiveLiterals = new(StringComparer.Ordinal)
    {
        // Not "system": every chat template compares message roles with 'system'.
        "os", "popen", "eval", "exec", "subprocess", "builtins", "globals", "import_module", "getattr", "mro", "subclasses",
    };

    /// <summary>A pattern found, with the character index of the code region it is in.</summary>
    /// <param name="Pattern">What matched, for example <c>__globals__</c>, <c>os.</c> or <c>|attr</c>.</param>
    /// <param name="Index">Character index in the template.</param>
    public readonly record struct Match(string Pattern, int Index);

    /// <summary>Every distinct pattern, first occurrence each, in template order.</summary>
    /// <param name="template">The template text.</param>
    /// <returns>The matches.</returns>
    public static IReadOnlyList<Match> Find(string template)
    {
        var matches = new List<Match>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, code) in CodeRegions(template))
        {
            foreach (var pattern in Patterns(code))
            {
                if (seen.Add(pattern))
                {
                    matches.Add(new Match(pattern, start));
                }
            }
        }

        return matches;
    }

    private static IEnumerable<(int Start, string Code)> CodeRegions(string template)
    {
        var position = 0;
        while (position < template.Length - 1)
        {
            var open = template.IndexOf('{', position);
            if (open < 0 || open + 1 >= template.Length)
            {
                yield break;
            }

            var kind = template[open + 1];
            if (kind is not ('{' or '%' or '#'))
            {
                position = open + 1;
                continue;
            }

            var close = kind == '{' ? "}}" : kind + "}";
            var end = FindClose(template, open + 2, close, skipStrings: kind != '#');
            if (kind != '#')
            {
                yield return (open, template[(open + 2)..end]);
            }

            position = Math.Min(template.Length, end + 2);
        }
    }

    private static int FindClose(string template, int from, string close, bool skipStrings)
    {
        var i = from;
        while (i < template.Length)
        {
            var c = template[i];
            if (skipStrings && c is '\'' or '"')
            {
                i = SkipString(template, i);
                continue;
            }

            if (string.CompareOrdinal(template, i, close, 0, close.Length) == 0)
            {
                return i;
            }

            i++;
        }

        // An unclosed tag: Jinja refuses it, but everything after it is treated as code here.
        return template.Length;
    }

    private static int SkipString(string text, int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return Math.Min(text.Length, i + 1);
    }

    private static IEnumerable<string> Patterns(string code)
    {
        // Tokens outside string literals, and the decoded contents of the literals (adjacent ones joined).
        var outside = new StringBuilder();
        var literals = new List<string>();
        var joinNext = false;
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if (c is not ('\'' or '"'))
            {
                outside.Append(c);
                i++;
                continue;
            }

            var end = SkipString(code, i);
            var text = Unescape(code[(i + 1)..Math.Max(i + 1, end - 1)]);
            if (joinNext)
            {
                literals[^1] += text;
            }
            else
            {
                literals.Add(text);
                outside.Append(" '' ");
            }

            joinNext = false;
            i = end;
            var next = SkipSpace(code, end);
            if (next < code.Length && code[next] is '~' or '+')
            {
                var after = SkipSpace(code, next + 1);
                if (after < code.Length && code[after] is '\'' or '"')
                {
                    joinNext = true;
                    i = after;
                }
            }
        }

        foreach (var pattern in CodePatterns(outside.ToString()))
        {
            yield return pattern;
        }

        foreach (var literal in literals)
        {
            if (literal.Contains("__", StringComparison.Ordinal))
            {
                yield return DunderIn(literal);
            }
            else if (SensitiveLiterals.Contains(literal.Trim()))
            {
                yield return $"'{literal.Trim()}'";
            }
        }
    }

    private static IEnumerable<string> CodePatterns(string code)
    {
        var i = 0;
        string? previous = null;
        while (i < code.Length)
        {
            var c = code[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < code.Length && (char.IsAsciiLetterOrDigit(code[i]) || code[i] == '_'))
                {
                    i++;
                }

                var word = code[start..i];
                var next = NextNonSpace(code, i);
                if (word.Contains("__", StringComparison.Ordinal))
                {
                    yield return word;
                }
                else if (word == "attr" && (previous == "|" || next == '('))
                {
                    yield return previous == "|" ? "|attr" : "attr(";
                }
                else if (DangerousNames.Contains(word))
                {
                    yield return word;
                }
                else if (GadgetObjects.Contains(word) && next is '.' or '[' or '|' && previous != ".")
                {
                    yield return word + ".";
                }

                previous = word;
                continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                previous = c.ToString();
            }

            i++;
        }
    }

    private static int SkipSpace(string text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }

    private static char NextNonSpace(string text, int from)
    {
        from = SkipSpace(text, from);
        return from < text.Length ? text[from] : '\0';
    }

    private static string DunderIn(string literal)
    {
        var at = literal.IndexOf("__", StringComparison.Ordinal);
        var start = at;
        while (start > 0 && (char.IsAsciiLetterOrDigit(literal[start - 1]) || literal[start - 1] == '_'))
        {
            start--;
        }

        var end = at;
        while (end < literal.Length && (char.IsAsciiLetterOrDigit(literal[end]) || literal[end] == '_'))
        {
            end++;
        }

        return literal[start..end];
    }

    private static string Unescape(string body)
    {
        if (!body.Contains('\\', StringComparison.Ordinal))
        {
            return body;
        }

        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                text.Append(body[i]);
                continue;
            }

            var e = body[++i];
            var digits = e switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
            if (digits > 0 && i + digits < body.Length
                && int.TryParse(body.AsSpan(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && code is >= 0 and <= 0x10FFFF)
            {
                text.Append(code <= 0xFFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
                i += digits;
            }
            else if (e is >= '0' and <= '7')
            {
                var value = e - '0';
                for (var n = 0; n < 2 && i + 1 < body.Length && body[i + 1] is >= '0' and <= '7'; n++)
                {
                    value = (value * 8) + (body[++i] - '0');
                }

                text.Append((char)value);
            }
            else
            {
                text.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
            }
        }

        return text.ToString();
    }
}
