using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.TensorFlow;

namespace Rampart.ModelFiles.Keras;

/// <summary>
/// Scans a TF-Keras <c>keras_metadata.pb</c>: protobuf <c>SavedMetadata {1 nodes}</c>, <c>SavedObject {1 version,
/// 2 node_id, 3 node_path, 4 identifier, 5 metadata}</c> (tensorflow/python/keras/protobuf/saved_metadata.proto); each
/// node's metadata is a JSON object (<c>class_name</c>, <c>config</c>...) analysed like a Keras configuration.
/// </summary>
internal sealed class KerasMetadataScanner : IFormatScanner
{
    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.KerasMetadata];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules { get; } = KerasRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var reader = new ProtoReader(input.Stream, KerasRules.MetadataMalformed.Id, session.Limits.MaxStructureDepth, session.CancellationToken);
        var nodes = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field != 1 || wire != ProtoReader.LengthDelimited)
            {
                reader.Skip(field, wire);
                continue;
            }

            nodes++;
            reader.Enter(reader.ReadLength());
            string? path = null;
            var metadata = new List<(byte[] Json, long Offset)>();
            while (!reader.AtEnd)
            {
                var (inner, innerWire) = reader.ReadTag();
                if (inner == 3 && innerWire == ProtoReader.LengthDelimited)
                {
                    path = reader.ReadString(reader.ReadLength(), 4096);
                }
                else if (inner == 5 && innerWire == ProtoReader.LengthDelimited)
                {
                    var length = reader.ReadLength();
                    if (length > session.Limits.MaxHeaderBytes)
                    {
                        throw new ScanLimitException($"A node's metadata is larger than {session.Limits.MaxHeaderBytes:N0} bytes (limit).") { Offset = reader.Position };
                    }

                    var offset = reader.Position;
                    metadata.Add((reader.ReadBytes(length, (int)length), offset));
                }
                else
                {
                    reader.Skip(inner, innerWire);
                }
            }

            reader.Leave();
            foreach (var (json, offset) in metadata.Where(item => item.Json.Length > 0))
            {
                KerasConfigAnalyzer.Analyze(json, input, session, input.Location.At(offset), $"metadata of node '{path ?? nodes.ToString(System.Globalization.CultureInfo.InvariantCulture)}'");
            }
        }

        if (nodes == 0)
        {
            session.Report(KerasRules.MetadataMalformed, "keras_metadata.pb holds no node metadata; TF-Keras cannot load it.", input.Location);
        }
    }
}
