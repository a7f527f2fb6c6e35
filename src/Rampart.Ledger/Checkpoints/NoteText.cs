namespace Rampart.Ledger.Checkpoints;

/// <summary>Small text helpers shared by the note and checkpoint parsers.</summary>
internal static class NoteText
{
    /// <summary>The signature line prefix: U+2014 EM DASH and a space.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>
    /// Decodes standard, padded base64 only when it is canonical (re-encodes to the same text), so that white space,
    /// missing padding or stray bits are rejected rather than silently accepted as .NET's decoder would.
    /// </summary>
    public static byte[]? DecodeBase64(string text)
    {
        if (text.Length == 0 || text.Length % 4 != 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
        {
            return null;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return null;
        }

        var bytes = buffer[..written];
        return Convert.ToBase64String(bytes) == text ? bytes : null;
    }
}
