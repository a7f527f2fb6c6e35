using System.Collections.Frozen;
using System.Collections.Immutable;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>
/// Walks <c>saved_model.pb</c> with <see cref="ProtobufReader"/>, streaming: SavedModel {1 schema version, 2
/// meta_graphs}; MetaGraphDef {1 meta_info_def, 2 graph_def}; MetaInfoDef {5 tensorflow_version}; GraphDef {1 node,
/// 2 library}; FunctionDefLibrary {1 function}; FunctionDef {1 signature (OpDef {1 name}), 3 node_def}; NodeDef {1
/// name, 2 op, 5 attr (map entry {1 key, 2 AttrValue {1 list (ListValue {2 s}), 2 s}})}; and MetaGraphDef {7
/// object_graph_def (SavedObjectGraph {1 nodes (SavedObject {4 user_object (SavedUserObject {1 identifier, 3
/// metadata})})})}. Tensor payloads in attributes are skipped, not read.
/// </summary>
internal sealed class SavedModelReader
{
    /// <summary>Most nodes kept; beyond it the scan stops at a limit.</summary>
    public const int MaxNodes = 5_000_000;

    private const int MaxNameBytes = 4096;
    private const int MaxAttributeBytes = 4096;
    private const int MaxListValues = 16;

    private static readonly FrozenSet<string> InterestingAttributes =
        new[] { "output_stream", "debug_urls", "token" }.ToFrozenSet(StringComparer.Ordinal);

    private const int Delimited = ProtobufReader.LengthDelimited;

    private readonly ProtobufReader _r;
    private readonly SavedModelGraph _graph = new();
    private readonly ScanLimits _limits;

    private SavedModelReader(ProtobufReader reader, ScanLimits limits)
    {
        _r = reader;
        _limits = limits;
    }

    /// <summary>Reads the protobuf.</summary>
    /// <param name="stream">The data.</param>
    /// <param name="ruleId">The rule of malformed-data findings.</param>
    /// <param name="limits">Limits (structure depth).</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The graph.</returns>
    public static SavedModelGraph Read(Stream stream, string ruleId, ScanLimits limits, CancellationToken cancellationToken)
    {
        // No read budget: names and attributes are cut to a few KiB each, object metadata to MaxHeaderBytes in all.
        var walker = new SavedModelReader(new ProtobufReader(stream, long.MaxValue, ruleId, cancellationToken) { Position = 0 }, limits);
        var end = stream.Length;
        while (walker._r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 2 && wire == Delimited)
            {
                walker._graph.MetaGraphs++;
                walker.ReadMetaGraph(walker.Enter(end, 0), 1);
            }
            else
            {
                walker.Skip(field, wire, end, 0);
            }
        }

        return walker._graph;
    }

    // Each Read* method reads the message from the position to end; depth is its nesting (0 at the top level).
    private void ReadMetaGraph(long end, int depth)
    {
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                ReadMetaInfo(Enter(end, depth), depth + 1);
            }
            else if (field == 2 && wire == Delimited)
            {
                ReadGraph(Enter(end, depth), depth + 1);
            }
            else if (field == 7 && wire == Delimited)
            {
                ReadObjectGraph(Enter(end, depth), depth + 1);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }
    }

    private void ReadObjectGraph(long end, int depth)
    {
        // SavedObjectGraph.nodes (1) -> SavedObject.user_object (4) -> SavedUserObject {1 identifier, 3 metadata}.
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                var nodeEnd = Enter(end, depth);
                while (_r.TryReadTag(nodeEnd, out var inner, out var innerWire))
                {
                    if (inner == 4 && innerWire == Delimited)
                    {
                        ReadUserObject(Enter(nodeEnd, depth + 1), depth + 2);
                    }
                    else
                    {
                        Skip(inner, innerWire, nodeEnd, depth + 1);
                    }
                }
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }
    }

    private void ReadUserObject(long end, int depth)
    {
        var identifier = string.Empty;
        var metadata = new List<(byte[] Json, long Offset)>();
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                identifier = _r.ReadString(end, MaxNameBytes);
            }
            else if (field == 3 && wire == Delimited)
            {
                var stop = _r.ReadLengthEnd(end);
                var length = stop - _r.Position;
                _graph.UserObjectMetadataBytes += length;
                if (_graph.UserObjectMetadataBytes > _limits.MaxHeaderBytes)
                {
                    throw new ScanLimitException($"The object graph's metadata is larger than {_limits.MaxHeaderBytes:N0} bytes (limit).") { Offset = _r.Position };
                }

                var offset = _r.Position;
                metadata.Add((_r.ReadContentBytes(stop, (int)length), offset));
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        _graph.UserObjectMetadata.AddRange(metadata.Where(item => item.Json.Length > 0).Select(item => (item.Json, item.Offset, identifier)));
    }

    private void ReadMetaInfo(long end, int depth)
    {
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 5 && wire == Delimited)
            {
                var version = _r.ReadString(end, MaxNameBytes);
                _graph.TensorFlowVersion ??= version;
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }
    }

    private void ReadGraph(long end, int depth)
    {
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                Add(ReadNode(end, depth));
            }
            else if (field == 2 && wire == Delimited)
            {
                ReadLibrary(Enter(end, depth), depth + 1);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }
    }

    private void ReadLibrary(long end, int depth)
    {
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                ReadFunction(Enter(end, depth), depth + 1);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }
    }

    private void ReadFunction(long end, int depth)
    {
        // The signature (and so the function's name) may come after the nodes: collect them, then name them.
        string? name = null;
        var nodes = new List<GraphNode>();
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                name = ReadOpDefName(Enter(end, depth), depth + 1) ?? name;
            }
            else if (field == 3 && wire == Delimited)
            {
                nodes.Add(ReadNode(end, depth));
                if (_graph.Nodes.Count + nodes.Count > MaxNodes)
                {
                    throw new ScanLimitException($"The graph has more than {MaxNodes:N0} nodes (limit).") { Offset = _r.Position };
                }
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        name ??= "(unnamed function)";
        _graph.Functions.Add(name);
        foreach (var node in nodes)
        {
            Add(node with { Function = name });
        }
    }

    private string? ReadOpDefName(long end, int depth)
    {
        string? name = null;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                name = _r.ReadString(end, MaxNameBytes);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        return name;
    }

    // Reads a NodeDef field of the message at outerDepth, from its length on.
    private GraphNode ReadNode(long outerEnd, int outerDepth)
    {
        var offset = _r.Position;
        var end = Enter(outerEnd, outerDepth);
        var depth = outerDepth + 1;
        var name = string.Empty;
        var ops = new List<string>(1);
        var attributes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                name = _r.ReadString(end, MaxNameBytes);
            }
            else if (field == 2 && wire == Delimited)
            {
                ops.Add(_r.ReadString(end, MaxNameBytes));
            }
            else if (field == 5 && wire == Delimited)
            {
                ReadAttributeEntry(attributes, Enter(end, depth), depth + 1);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        var op = ops.Count == 0 ? string.Empty : ops[^1];
        return new GraphNode(op, [.. ops.Take(ops.Count - 1).Where(other => other != op).Distinct(StringComparer.Ordinal)], name, null, offset, attributes.ToImmutable());
    }

    private void ReadAttributeEntry(ImmutableDictionary<string, string>.Builder attributes, long end, int depth)
    {
        string? key = null;
        long? valueAt = null;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                key = _r.ReadString(end, MaxNameBytes);
            }
            else if (field == 2 && wire == Delimited)
            {
                valueAt = _r.Position;
                _r.Position = _r.ReadLengthEnd(end);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        if (key is not null && valueAt is { } at && InterestingAttributes.Contains(key))
        {
            // The value may come before the key: read it now from its (already checked) length, then come back.
            var resume = _r.Position;
            _r.Position = at;
            var text = ReadAttributeValue(Enter(end, depth), depth + 1);
            _r.Position = resume;
            if (text is not null)
            {
                attributes[key] = text;
            }
        }
    }

    private string? ReadAttributeValue(long end, int depth)
    {
        string? text = null;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 2 && wire == Delimited)
            {
                text = _r.ReadString(end, MaxAttributeBytes);
            }
            else if (field == 1 && wire == Delimited)
            {
                var values = new List<string>();
                var listEnd = Enter(end, depth);
                while (_r.TryReadTag(listEnd, out var inner, out var innerWire))
                {
                    if (inner == 2 && innerWire == Delimited && values.Count < MaxListValues)
                    {
                        values.Add(_r.ReadString(listEnd, MaxAttributeBytes));
                    }
                    else
                    {
                        Skip(inner, innerWire, listEnd, depth + 1);
                    }
                }

                text = string.Join(",", values);
            }
            else
            {
                Skip(field, wire, end, depth);
            }
        }

        return text;
    }

    // Reads the length of a message nested in the message at depth; returns where it ends.
    private long Enter(long end, int depth) => _r.ReadMessageEnd(end, depth, _limits.MaxStructureDepth);

    private void Skip(int field, int wire, long end, int depth) => _r.Skip(wire, end, field, depth, _limits.MaxStructureDepth);

    private void Add(GraphNode node)
    {
        if (_graph.Nodes.Count >= MaxNodes)
        {
            throw new ScanLimitException($"The graph has more than {MaxNodes:N0} nodes (limit).") { Offset = node.Offset };
        }

        _graph.Nodes.Add(node);
    }
}
