using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Scans Python pickle streams without unpickling them: every stacked pickle, legacy PyTorch files, joblib files with
/// inline arrays, and pickles nested in constants passed to loads-like calls. Imports are judged by an allowlist of
/// model globals and a denylist of dangerous ones (<see cref="PickleRules"/>).
/// </summary>
public sealed class PickleScanner : IFormatScanner
{
    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Pickle];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => PickleRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session) => ScanPickleStream(input, session, PickleContext.Auto);

    /// <summary>
    /// Scans a pickle stream whose origin the caller knows: a PyTorch zip's <c>data.pkl</c> (persistent ids are
    /// storages), or the data of a NumPy object array (plain). Findings go to the session; broken data is reported
    /// as findings rather than thrown. A scan limit throws <see cref="ScanLimitException"/> and the time limit
    /// <see cref="OperationCanceledException"/>, as in any format scanner.
    /// </summary>
    /// <param name="input">The stream (read from offset 0 to its end); locations in findings are offsets in it.</param>
    /// <param name="session">The session.</param>
    /// <param name="context">Where the stream comes from; <see cref="PickleContext.Auto"/> treats a pickle inside an archive member as a PyTorch zip member.</param>
    public static void ScanPickleStream(ScanInput input, ScanSession session, PickleContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var torchZip = context switch
        {
            PickleContext.TorchZip => true,
            PickleContext.Plain => false,
            _ => !input.Location.Members.IsEmpty && !input.Location.Members[^1].StartsWith('<'),
        };
        new PickleScan(input, session, torchZip).Run();
    }
}
