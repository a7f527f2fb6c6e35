namespace Rampart.ModelFiles.Formats;

/// <summary>
/// Analyses one format. A scanner reports findings to the session, hands nested data (members, unpacked streams,
/// embedded pickles) to <see cref="ScanSession.Scan"/>, throws <see cref="MalformedFileException"/> for broken data
/// and <see cref="ScanLimitException"/> at a limit. It never executes or deserialises anything from the file.
/// </summary>
public interface IFormatScanner
{
    /// <summary>The formats it analyses.</summary>
    IReadOnlyList<ModelFormat> Formats { get; }

    /// <summary>The rules it reports.</summary>
    IReadOnlyList<ScanRule> Rules { get; }

    /// <summary>Analyses the input.</summary>
    /// <param name="input">The data, positioned at 0.</param>
    /// <param name="session">Where findings and nested data go.</param>
    void Scan(ScanInput input, ScanSession session);
}
