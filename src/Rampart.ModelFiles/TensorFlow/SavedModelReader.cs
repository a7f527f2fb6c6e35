using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>
/// Walks <c>saved_model.pb</c> with <see cref="ProtoReader"/>, streaming: SavedModel {1 schema version, 2
/// meta_graphs}; MetaGraphDef {1 meta_info_def, 2 graph_def}; MetaInfoDef {5 tensorflow_version}; GraphDef {1 node,
/// 2 library}; FunctionDefLibrary {1 function}; FunctionDef {1 signature (OpDef {1 name}), 3 node_def}; NodeDef {1
/// name, 2 op, 5 attr (map entry {1 key, 2 AttrValue {1 list (ListValue {2 s}), 2 s}})}; and MetaGraphDef {7
/// object_graph_def (SavedObjectGraph {1 nodes (SavedObject {4 user_object (SavedUserObject {1 identifier, 3
/// metadata})})})}. Tensor payloads in attributes are skipped, not read.
/// </summary>
internal static class SavedModelReader
{
    /// <summary>Most nodes kept; beyond it the scan stops at a limit.</summary>
    public const int MaxNodes = 5_000_000;

    private const int MaxNameBytes = 4096;
    private const int MaxAttributeBytes = 4096;
    private const int MaxListValues = 16;

    private static readonly FrozenSet<string> InterestingAttributes =
        new[] { "output_stream", "debug_urls", "token" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Reads the protobuf.</summary>
    /// <param name="stream">The data.</param>
    /// <param name="ruleId">The rule of malformed-data findings.</param>
    /// <param name="limits">Limits (structure depth).</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The graph.</returns>
    public static SavedModelGraph Read(Stream stream, string ruleId, ScanLimits limits, CancellationToken cancellationToken)
    {
        var reader = new ProtoReader(stream, ruleId, limits.MaxStructureDepth, cancellationToken);
        var graph = new SavedModelGraph();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                graph.MetaGraphs++;
                Message(reader, () => ReadMetaGraph(reader, graph, limits));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return graph;
    }

    private static void Message(ProtoReader reader, Action read)
    {
        reader.Enter(reader.ReadLength());
        read();
        reader.Leave();
    }

    private static void ReadMetaGraph(ProtoReader reader, SavedModelGraph graph, ScanLimits limits)
    {
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadMetaInfo(reader, graph));
            }
            else if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadGraph(reader, graph));
            }
            else if (field == 7 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadObjectGraph(reader, graph, limits));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    private static void ReadObjectGraph(ProtoReader reader, SavedModelGraph graph, ScanLimits limits)
    {
        // SavedObjectGraph.nodes (1) -> SavedObject.user_object (4) -> SavedUserObject {1 identifier, 3 metadata}.
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () =>
                {
                    while (!reader.AtEnd)
                    {
                        var (inner, innerWire) = reader.ReadTag();
                        if (inner == 4 && innerWire == ProtoReader.LengthDelimited)
                        {
                            Message(reader, () => ReadUserObject(reader, graph, limits));
                        }
                        else
                        {
                            reader.Skip(inner, innerWire);
                        }
                    }
                });
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    private static void ReadUserObject(ProtoReader reader, SavedModelGraph graph, ScanLimits limits)
    {
        var identifier = string.Empty;
        var metadata = new List<(byte[] Json, long Offset)>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                identifier = reader.ReadString(reader.ReadLength(), MaxNameBytes);
            }
            else if (field == 3 && wire == ProtoReader.LengthDelimited)
            {
                var length = reader.ReadLength();
                graph.UserObjectMetadataBytes += length;
                if (graph.UserObjectMetadataBytes > limits.MaxHeaderBytes)
                {
                    throw new ScanLimitException($"The object graph's metadata is larger than {limits.MaxHeaderBytes:N0} bytes (limit).") { Offset = reader.Position };
                }

                var offset = reader.Position;
                metadata.Add((reader.ReadBytes(length, (int)length), offset));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        graph.UserObjectMetadata.AddRange(metadata.Where(item => item.Json.Length > 0).Select(item => (item.Json, item.Offset, identifier)));
    }

    private static void ReadMetaInfo(ProtoReader reader, SavedModelGraph graph)
    {
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 5 && wire == ProtoReader.LengthDelimited)
            {
                var version = reader.ReadString(reader.ReadLength(), MaxNameBytes);
                graph.TensorFlowVersion ??= version;
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    private static void ReadGraph(ProtoReader reader, SavedModelGraph graph)
    {
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                Add(graph, ReadNode(reader));
            }
            else if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadLibrary(reader, graph));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    private static void ReadLibrary(ProtoReader reader, SavedModelGraph graph)
    {
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadFunction(reader, graph));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
    }

    private static void ReadFunction(ProtoReader reader, SavedModelGraph graph)
    {
        // The signature (and so the function's name) may come after the nodes: collect them, then name them.
        string? name = null;
        var nodes = new List<GraphNode>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => name = ReadOpDefName(reader) ?? name);
            }
            else if (field == 3 && wire == ProtoReader.LengthDelimited)
            {
                nodes.Add(ReadNode(reader));
                if (graph.Nodes.Count + nodes.Count > MaxNodes)
                {
                    throw new ScanLimitException($"The graph has more than {MaxNodes:N0} nodes (limit).") { Offset = reader.Position };
                }
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        name ??= "(unnamed function)";
        graph.Functions.Add(name);
        foreach (var node in nodes)
        {
            Add(graph, node with { Function = name });
        }
    }

    private static string? ReadOpDefName(ProtoReader reader)
    {
        string? name = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                name = reader.ReadString(reader.ReadLength(), MaxNameBytes);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return name;
    }

    private static GraphNode ReadNode(ProtoReader reader)
    {
        var offset = reader.Position;
        reader.Enter(reader.ReadLength());
        var name = string.Empty;
        var ops = new List<string>(1);
        var attributes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                name = reader.ReadString(reader.ReadLength(), MaxNameBytes);
            }
            else if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                ops.Add(reader.ReadString(reader.ReadLength(), MaxNameBytes));
            }
            else if (field == 5 && wire == ProtoReader.LengthDelimited)
            {
                Message(reader, () => ReadAttributeEntry(reader, attributes));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        reader.Leave();
        var op = ops.Count == 0 ? string.Empty : ops[^1];
        return new GraphNode(op, [.. ops.Take(ops.Count - 1).Where(other => other != op).Distinct(StringComparer.Ordinal)], name, null, offset, attributes.ToImmutable());
    }

    private static void ReadAttributeEntry(ProtoReader reader, ImmutableDictionary<string, string>.Builder attributes)
    {
        string? key = null;
        (long Position, long Length)? value = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                key = reader.ReadString(reader.ReadLength(), MaxNameBytes);
            }
            else if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                var length = reader.ReadLength();
                value = (reader.Position, length);
                reader.SkipBytes(length);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        if (key is not null && value is { } at && InterestingAttributes.Contains(key))
        {
            var text = reader.ReadAt(at.Position, at.Length, () => ReadAttributeValue(reader));
            if (text is not null)
            {
                attributes[key] = text;
            }
        }
    }

    private static string? ReadAttributeValue(ProtoReader reader)
    {
        string? text = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 2 && wire == ProtoReader.LengthDelimited)
            {
                text = reader.ReadString(reader.ReadLength(), MaxAttributeBytes);
            }
            else if (field == 1 && wire == ProtoReader.LengthDelimited)
            {
                var values = new List<string>();
                Message(reader, () =>
                {
                    while (!reader.AtEnd)
                    {
                        var (inner, innerWire) = reader.ReadTag();
                        if (inner == 2 && innerWire == ProtoReader.LengthDelimited && values.Count < MaxListValues)
                        {
                            values.Add(reader.ReadString(reader.ReadLength(), MaxAttributeBytes));
                        }
                        else
                        {
                            reader.Skip(inner, innerWire);
                        }
                    }
                });
                text = string.Join(",", values);
            }
            else
            {
                reader.Skip(field, wire);
            }
        }

        return text;
    }

    private static void Add(SavedModelGraph graph, GraphNode node)
    {
        if (graph.Nodes.Count >= MaxNodes)
        {
            throw new ScanLimitException($"The graph has more than {MaxNodes:N0} nodes (limit).") { Offset = node.Offset };
        }

        graph.Nodes.Add(node);
    }
}
