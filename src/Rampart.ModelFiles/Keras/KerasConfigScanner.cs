using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles.Keras;

/// <summary>Scans a Keras 3 <c>config.json</c> (handed over by the zip scanner for <c>.keras</c> archives).</summary>
internal sealed class KerasConfigScanner : IFormatScanner
{
    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.KerasConfig];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules { get; } = KerasRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        if (input.Length > session.Limits.MaxHeaderBytes)
        {
            throw new ScanLimitException($"The configuration is larger than {session.Limits.MaxHeaderBytes:N0} bytes (limit).");
        }

        var json = new byte[input.Length];
        input.Stream.Position = 0;
        input.Stream.ReadExactly(json);
        KerasConfigAnalyzer.Analyze(json, input, session, input.Location, input.Name);
    }
}
