namespace Rampart.Diagnostics;

/// <summary>
/// One problem found in a user-supplied input (a manifest, a catalogue file, a command-line argument),
/// with the place it was found so that the user can go straight to it.
/// </summary>
public sealed record Problem
{
    /// <summary>The file the problem is in, as given by the user; <c>null</c> when the input was not a file.</summary>
    public string? File { get; init; }

    /// <summary>One-based line number, or 0 when unknown.</summary>
    public int Line { get; init; }

    /// <summary>One-based column number, or 0 when unknown.</summary>
    public int Column { get; init; }

    /// <summary>The dotted path of the field concerned (for example <c>assets.models[0].path</c>), or <c>null</c>.</summary>
    public string? Field { get; init; }

    /// <summary>What is wrong, in plain words, with a hint where one helps.</summary>
    public required string Message { get; init; }

    /// <summary>Formats the problem as <c>file:line:column: field: message</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (File is not null)
        {
            parts.Add(Line <= 0 ? File : Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}");
        }

        if (!string.IsNullOrEmpty(Field))
        {
            parts.Add(Field);
        }

        parts.Add(Message);
        return string.Join(": ", parts);
    }
}
