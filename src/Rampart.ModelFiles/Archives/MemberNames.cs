namespace Rampart.ModelFiles.Archives;

/// <summary>Checks archive member names (and link targets) for ways out of the extraction folder.</summary>
internal static class MemberNames
{
    /// <summary>Why a name is unsafe to extract, or <c>null</c> when it is a plain relative name.</summary>
    /// <param name="name">The member name or link target.</param>
    /// <param name="severe">Whether the name leaves the folder (absolute or '..'), rather than being merely odd.</param>
    /// <returns>The reason, or <c>null</c>.</returns>
    public static string? Problem(string name, out bool severe)
    {
        severe = true;
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/'))
        {
            return "it is an absolute path";
        }

        if (normalised.Length >= 2 && char.IsAsciiLetter(normalised[0]) && normalised[1] == ':')
        {
            return "it starts with a drive letter";
        }

        if (normalised.Split('/').Any(part => part == ".."))
        {
            return "it goes up with '..'";
        }

        severe = false;
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains a NUL character (Python cuts the name there)";
        }

        return name.Contains('\\', StringComparison.Ordinal) ? "it uses backslashes, which Windows tools read as folder separators" : null;
    }

    /// <summary>Reports a traversal finding when the name is unsafe.</summary>
    /// <param name="session">The session.</param>
    /// <param name="name">The name.</param>
    /// <param name="location">Where.</param>
    /// <param name="what">What the name is, for the message: <c>member name</c>, <c>link target</c>.</param>
    /// <param name="member">The member the name belongs to.</param>
    public static void Check(ScanSession session, string name, ScanLocation location, string what, string member)
    {
        var problem = Problem(name, out var severe);
        if (problem is null)
        {
            return;
        }

        var subject = what == "member name" ? $"The member name '{Printable(name)}'" : $"The {what} '{Printable(name)}' of member '{Printable(member)}'";
        session.Report(
            ArchiveRules.PathTraversal,
            $"{subject} is unsafe to extract: {problem}.",
            location,
            evidence: [new(what == "member name" ? "name" : "target", Printable(name))],
            severity: severe ? null : Rampart.Checks.Severity.Medium,
            verdict: severe ? null : FileVerdict.Suspicious);
    }

    /// <summary>The name with control characters escaped, for messages.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The printable form.</returns>
    public static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var text = new System.Text.StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            text.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return text.ToString();
    }
}
