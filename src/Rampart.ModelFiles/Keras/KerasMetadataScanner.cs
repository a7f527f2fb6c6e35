using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;

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
        var maxDepth = session.Limits.MaxStructureDepth;
        var reader = new ProtobufReader(input.Stream, long.MaxValue, KerasRules.MetadataMalformed.Id, session.CancellationToken) { Position = 0 };
        var end = input.Length;
        var nodes = 0;
        while (reader.TryReadTag(end, out var field, out var wire))
        {
            if (field != 1 || wire != ProtobufReader.LengthDelimited)
            {
                reader.Skip(wire, end, field, 0, maxDepth);
                continue;
            }

            nodes++;
            var nodeEnd = reader.ReadMessageEnd(end, 0, maxDepth);
            string? path = null;
            var metadata = new List<(byte[] Json, long Offset)>();
            while (reader.TryReadTag(nodeEnd, out var inner, out var innerWire))
            {
                if (inner == 3 && innerWire == ProtobufReader.LengthDelimited)
                {
                    path = reader.ReadString(nodeEnd, 4096);
                }
                else if (inner == 5 && innerWire == ProtobufReader.LengthDelimited)
                {
                    var stop = reader.ReadLengthEnd(nodeEnd);
                    var length = stop - reader.Position;
                    if (length > session.Limits.MaxHeaderBytes)
                    {
                        throw new ScanLimitException($"A node's metadata is larger than {session.Limits.MaxHeaderBytes:N0} bytes (limit).") { Offset = reader.Position };
                    }

                    var offset = reader.Position;
                    metadata.Add((reader.ReadContentBytes(stop, (int)length), offset));
                }
                else
                {
                    reader.Skip(innerWire, nodeEnd, inner, 1, maxDepth);
                }
            }

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
