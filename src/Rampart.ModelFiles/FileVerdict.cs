namespace Rampart.ModelFiles;

/// <summary>
/// What the scanner concluded about one file (or archive member). Ordered from best to worst: a file's verdict is
/// the worst verdict of its findings, and a file with no findings is <see cref="Clean"/> only when every byte that a
/// loader would interpret was analysed.
/// </summary>
public enum FileVerdict
{
    /// <summary>Fully analysed; nothing a loader would run or trust wrongly.</summary>
    Clean = 0,

    /// <summary>Fully analysed; only informational findings (for example TorchScript code present).</summary>
    Info = 1,

    /// <summary>Something unknown or unusual that is not proven harmful (an unknown pickle global, a custom operator).</summary>
    Suspicious = 2,

    /// <summary>The file could not be analysed completely (unsupported sub-format, encrypted member, limit reached).</summary>
    Unscannable = 3,

    /// <summary>The file breaks its format's rules (lying sizes, truncation, trailing bytes); loaders may disagree on it.</summary>
    Malformed = 4,

    /// <summary>Loading the file would run code, touch files or the network, or leave the model folder.</summary>
    Dangerous = 5,
}
