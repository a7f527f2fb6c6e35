using System.Collections.Frozen;
using System.Text;
using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles.Keras;

/// <summary>
/// Scans an HDF5 file the way Keras 2 (tf.keras) and Keras 3's legacy loader read it: the root attributes
/// <c>model_config</c> and <c>training_config</c> are Keras configurations and are analysed; a file with only groups
/// is weights; anything the reader cannot see completely is unscannable.
/// </summary>
internal sealed class Hdf5Scanner : IFormatScanner
{
    private static readonly FrozenSet<string> Decoded = new[]
    {
        "model_config", "training_config", "keras_version", "backend",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Hdf5];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules { get; } = KerasRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var root = Hdf5Reader.ReadRoot(input.Stream, Decoded, session.Limits.MaxHeaderBytes, session.CancellationToken);
        var evidence = new List<KeyValuePair<string, string>> { new("superblock", root.SuperblockVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        foreach (var attribute in root.Attributes.Where(attribute => attribute.Name is "keras_version" or "backend" && attribute.Values.Count == 1))
        {
            evidence.Add(new(attribute.Name, Encoding.UTF8.GetString(attribute.Values[0].Text.AsSpan(0, Math.Min(64, attribute.Values[0].Text.Length)))));
        }

        var configs = root.Attributes.Where(attribute => attribute.Name is "model_config" or "training_config").ToList();
        foreach (var attribute in configs)
        {
            if (attribute.Unsupported is { } reason)
            {
                session.Report(
                    KerasRules.Hdf5Unsupported,
                    $"The root attribute '{attribute.Name}' cannot be read: {reason}.",
                    input.Location.At(attribute.Offset),
                    evidence: [.. evidence, new("attribute", attribute.Name)]);
                continue;
            }

            foreach (var (text, offset) in attribute.Values)
            {
                KerasConfigAnalyzer.Analyze(text, input, session, input.Location.At(offset), attribute.Name);
            }
        }

        if (root.DenseAttributes)
        {
            session.Report(
                KerasRules.Hdf5Unsupported,
                "The root group keeps its attributes in dense storage (a fractal heap), which Rampart does not read; model_config may be there.",
                input.Location,
                evidence: evidence);
            return;
        }

        if (root.SharedAttributes && !configs.Any(attribute => attribute.Name == "model_config"))
        {
            session.Report(
                KerasRules.Hdf5Unsupported,
                "The root group has shared attribute messages, which Rampart does not read; model_config may be one of them.",
                input.Location,
                evidence: evidence);
            return;
        }

        if (configs.Any(attribute => attribute.Name == "model_config"))
        {
            return;
        }

        if (root.HasChildren)
        {
            session.Report(
                KerasRules.Hdf5WeightsOnly,
                "The HDF5 file has no Keras model configuration, only groups of weights; loading it runs no model code.",
                input.Location,
                evidence: evidence);
        }
        else
        {
            session.Report(
                KerasRules.Hdf5Unsupported,
                "The HDF5 file has neither a Keras model configuration nor groups; it is not a Keras file Rampart understands.",
                input.Location,
                evidence: evidence);
        }
    }
}
