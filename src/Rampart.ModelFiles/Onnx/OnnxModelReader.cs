using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Onnx;

/// <summary>
/// Walks an ONNX ModelProto with <see cref="ProtobufReader"/> and keeps its structure (<see cref="ModelSummary"/>):
/// graphs, nodes, subgraphs in attributes, functions, training graphs. Tensors are handed to a callback when their
/// message ends, with the positions of their data fields; the data itself is never read here. Repeated occurrences
/// of a singular message field are merged, as protobuf parsers do. Nesting is bounded.
/// </summary>
internal sealed class OnnxModelReader
{
    private const int Varint = ProtobufReader.Varint;
    private const int Delimited = ProtobufReader.LengthDelimited;

    private readonly ProtobufReader _r;
    private readonly int _maxDepth;
    private readonly Action<TensorSummary, string> _onTensor;

    public OnnxModelReader(ProtobufReader reader, int maxDepth, Action<TensorSummary, string> onTensor)
    {
        _r = reader;
        _maxDepth = maxDepth;
        _onTensor = onTensor;
    }

    /// <summary>Fields of a known number but an unexpected wire type, skipped as protobuf skips them.</summary>
    public int WireMismatches { get; private set; }

    /// <summary>The largest metadata_props value, in bytes, and its key.</summary>
    public (long Bytes, string Key) LargestMetadata { get; private set; }

    /// <summary>All metadata_props bytes.</summary>
    public long MetadataBytes { get; private set; }

    /// <summary>Reads the model from the reader's position to <paramref name="end"/>.</summary>
    /// <param name="end">End of the data.</param>
    /// <returns>The summary.</returns>
    public ModelSummary ReadModel(long end)
    {
        var model = new ModelSummary();
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Varint:
                    model.IrVersion = (long)_r.ReadVarint(end);
                    break;
                case 7 when wire == Delimited:
                    var graphEnd = _r.ReadLengthEnd(end);
                    model.GraphFields++;
                    model.Graph ??= new GraphSummary { Path = "graph", Offset = _r.Position };
                    ReadGraph(model.Graph, graphEnd, 1);
                    break;
                case 8 when wire == Delimited:
                    model.Opsets.Add(ReadOpset(_r.ReadLengthEnd(end)));
                    break;
                case 14 when wire == Delimited:
                    ReadMetadataEntry(_r.ReadLengthEnd(end));
                    break;
                case 20 when wire == Delimited:
                    ReadTrainingInfo(model, _r.ReadLengthEnd(end), 1);
                    break;
                case 25 when wire == Delimited:
                    model.Functions.Add(ReadFunction(_r.ReadLengthEnd(end), 1));
                    break;
                default:
                    Skip(field, wire, end, 0, field is 1 or 7 or 8 or 14 or 20 or 25);
                    break;
            }
        }

        return model;
    }

    private void ReadGraph(GraphSummary graph, long end, int depth)
    {
        Enter(depth);
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    graph.Nodes.Add(ReadNode(graph, _r.ReadLengthEnd(end), depth + 1));
                    break;
                case 5 when wire == Delimited:
                    var tensor = ReadTensor(_r.ReadLengthEnd(end), depth + 1);
                    graph.Initializers.Add(tensor.Name);
                    _onTensor(tensor, tensor.Name.Length > 0 ? tensor.Name : $"{graph.Path} initializer {graph.Initializers.Count - 1}");
                    break;
                case 11 when wire == Delimited:
                    graph.Inputs.Add(ReadValueInfoName(_r.ReadLengthEnd(end)));
                    break;
                case 12 when wire == Delimited:
                    graph.Outputs.Add(ReadValueInfoName(_r.ReadLengthEnd(end)));
                    break;
                case 15 when wire == Delimited:
                    graph.Initializers.Add(ReadSparseTensor(_r.ReadLengthEnd(end), depth + 1, null));
                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 5 or 11 or 12 or 15);
                    break;
            }
        }
    }

    private NodeSummary ReadNode(GraphSummary graph, long end, int depth)
    {
        Enter(depth);
        var node = new NodeSummary { Offset = _r.Position };
        var attributes = new List<(string Name, List<GraphSummary> Graphs, List<TensorSummary> Tensors)>();
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    node.Inputs.Add(_r.ReadString(end));
                    break;
                case 2 when wire == Delimited:
                    node.Outputs.Add(_r.ReadString(end));
                    break;
                case 3 when wire == Delimited:
                    node.Name = _r.ReadString(end);
                    break;
                case 4 when wire == Delimited:
                    node.OpType = _r.ReadString(end);
                    break;
                case 5 when wire == Delimited:
                    attributes.Add(ReadAttribute(_r.ReadLengthEnd(end), depth + 1));
                    break;
                case 7 when wire == Delimited:
                    node.Domain = _r.ReadString(end);
                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 2 or 3 or 4 or 5 or 7);
                    break;
            }
        }

        var label = Label(graph, node, graph.Nodes.Count);
        foreach (var (name, graphs, tensors) in attributes)
        {
            foreach (var subgraph in graphs)
            {
                subgraph.Path = $"{graph.Path}/{label}.{name}";
                node.Subgraphs.Add(subgraph);
            }

            for (var i = 0; i < tensors.Count; i++)
            {
                _onTensor(tensors[i], tensors.Count == 1 ? $"{label}.{name}" : $"{label}.{name}[{i}]");
            }
        }

        return node;
    }

    /// <summary>How findings name a node: its name, or the graph path, operator and index when unnamed.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="node">The node.</param>
    /// <param name="index">Its index in the graph.</param>
    /// <returns>The label.</returns>
    public static string Label(GraphSummary graph, NodeSummary node, int index) =>
        node.Name.Length > 0 ? node.Name : $"{graph.Path}/{node.OpType}[{index}]";

    private (string Name, List<GraphSummary> Graphs, List<TensorSummary> Tensors) ReadAttribute(long end, int depth)
    {
        Enter(depth);
        var name = string.Empty;
        var graphs = new List<GraphSummary>();
        var tensors = new List<TensorSummary>();
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    name = _r.ReadString(end);
                    break;
                case 5 or 10 when wire == Delimited:
                    tensors.Add(ReadTensor(_r.ReadLengthEnd(end), depth + 1));
                    break;
                case 6 or 11 when wire == Delimited:
                    var graphEnd = _r.ReadLengthEnd(end);
                    var graph = new GraphSummary { Path = "subgraph", Offset = _r.Position };
                    ReadGraph(graph, graphEnd, depth + 1);
                    graphs.Add(graph);
                    break;
                case 22 or 23 when wire == Delimited:
                    ReadSparseTensor(_r.ReadLengthEnd(end), depth + 1, tensors);
                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 5 or 6 or 10 or 11 or 22 or 23);
                    break;
            }
        }

        return (name, graphs, tensors);
    }

    private string ReadSparseTensor(long end, int depth, List<TensorSummary>? collect)
    {
        Enter(depth);
        var name = string.Empty;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 or 2 when wire == Delimited:
                    var tensor = ReadTensor(_r.ReadLengthEnd(end), depth + 1);
                    if (field == 1)
                    {
                        name = tensor.Name;
                    }

                    if (collect is null)
                    {
                        _onTensor(tensor, tensor.Name.Length > 0 ? tensor.Name : (field == 1 ? "sparse values" : "sparse indices"));
                    }
                    else
                    {
                        collect.Add(tensor);
                    }

                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 2);
                    break;
            }
        }

        return name;
    }

    private TensorSummary ReadTensor(long end, int depth)
    {
        Enter(depth);
        var tensor = new TensorSummary { Offset = _r.Position };
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Varint:
                    tensor.Dims.Add((long)_r.ReadVarint(end));
                    break;
                case 1 when wire == Delimited:
                    var dimsEnd = _r.ReadLengthEnd(end);
                    while (_r.Position < dimsEnd)
                    {
                        tensor.Dims.Add((long)_r.ReadVarint(dimsEnd));
                    }

                    break;
                case 2 when wire == Varint:
                    tensor.DataType = (int)_r.ReadVarint(end);
                    break;
                case 8 when wire == Delimited:
                    tensor.Name = _r.ReadString(end);
                    break;
                case 9 when wire == Delimited:
                    var rawEnd = _r.ReadLengthEnd(end);
                    tensor.RawData = (_r.Position, rawEnd - _r.Position);
                    _r.Position = rawEnd;
                    break;
                case 4 or 5 or 6 or 7 or 10 or 11:
                    ReadTypedField(tensor, field, wire, end);
                    break;
                case 13 when wire == Delimited:
                    tensor.ExternalData.Add(ReadStringPair(_r.ReadLengthEnd(end)));
                    break;
                case 14 when wire == Varint:
                    tensor.DataLocation = (int)_r.ReadVarint(end);
                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 2 or 8 or 9 or 13 or 14);
                    break;
            }
        }

        return tensor;
    }

    private void ReadTypedField(TensorSummary tensor, int field, int wire, long end)
    {
        var expected = field switch
        {
            4 => ProtobufReader.Fixed32,
            10 => ProtobufReader.Fixed64,
            6 => Delimited,
            _ => Varint,
        };
        if (wire == Delimited)
        {
            var stop = _r.ReadLengthEnd(end);
            tensor.Typed.Add((field, wire, _r.Position, stop - _r.Position));
            _r.Position = stop;
            return;
        }

        if (wire != expected)
        {
            Skip(field, wire, end, 0, known: true);
            return;
        }

        var at = _r.Position;
        _r.Skip(wire, end, field, 0, _maxDepth);
        tensor.Typed.Add((field, wire, at, _r.Position - at));
    }

    private FunctionSummary ReadFunction(long end, int depth)
    {
        Enter(depth);
        var function = new FunctionSummary { Body = new GraphSummary { Path = "function", Offset = _r.Position } };
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    function.Name = _r.ReadString(end);
                    break;
                case 4 when wire == Delimited:
                    function.Body.Inputs.Add(_r.ReadString(end));
                    break;
                case 5 when wire == Delimited:
                    function.Body.Outputs.Add(_r.ReadString(end));
                    break;
                case 7 when wire == Delimited:
                    function.Body.Nodes.Add(ReadNode(function.Body, _r.ReadLengthEnd(end), depth + 1));
                    break;
                case 9 when wire == Delimited:
                    function.Opsets.Add(ReadOpset(_r.ReadLengthEnd(end)));
                    break;
                case 10 when wire == Delimited:
                    function.Domain = _r.ReadString(end);
                    break;
                default:
                    Skip(field, wire, end, depth, field is 1 or 4 or 5 or 7 or 9 or 10);
                    break;
            }
        }

        function.Body.Path = $"function {function.Domain}.{function.Name}";
        return function;
    }

    private void ReadTrainingInfo(ModelSummary model, long end, int depth)
    {
        Enter(depth);
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field is 1 or 2 && wire == Delimited)
            {
                var graphEnd = _r.ReadLengthEnd(end);
                var graph = new GraphSummary { Path = field == 1 ? "training initialization" : "training algorithm", Offset = _r.Position };
                ReadGraph(graph, graphEnd, depth + 1);
                model.TrainingGraphs.Add(graph);
            }
            else
            {
                Skip(field, wire, end, depth, field is 1 or 2);
            }
        }
    }

    private OpsetImport ReadOpset(long end)
    {
        var offset = _r.Position;
        var domain = string.Empty;
        long version = 0;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    domain = _r.ReadString(end);
                    break;
                case 2 when wire == Varint:
                    version = (long)_r.ReadVarint(end);
                    break;
                default:
                    Skip(field, wire, end, 0, field is 1 or 2);
                    break;
            }
        }

        return new OpsetImport(domain, version, offset);
    }

    private string ReadValueInfoName(long end)
    {
        var name = string.Empty;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field == 1 && wire == Delimited)
            {
                name = _r.ReadString(end);
            }
            else
            {
                Skip(field, wire, end, 0, field == 1);
            }
        }

        return name;
    }

    private KeyValuePair<string, string> ReadStringPair(long end)
    {
        string key = string.Empty, value = string.Empty;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == Delimited:
                    key = _r.ReadString(end);
                    break;
                case 2 when wire == Delimited:
                    value = _r.ReadString(end);
                    break;
                default:
                    Skip(field, wire, end, 0, field is 1 or 2);
                    break;
            }
        }

        return new(key, value);
    }

    private void ReadMetadataEntry(long end)
    {
        var key = string.Empty;
        long size = 0;
        while (_r.TryReadTag(end, out var field, out var wire))
        {
            if (field is 1 or 2 && wire == Delimited)
            {
                var stop = _r.ReadLengthEnd(end);
                var length = stop - _r.Position;
                size += length;
                if (field == 1 && length <= 4096)
                {
                    key = _r.ReadContentString(stop);
                }

                _r.Position = stop;
            }
            else
            {
                Skip(field, wire, end, 0, field is 1 or 2);
            }
        }

        MetadataBytes += size;
        if (size > LargestMetadata.Bytes)
        {
            LargestMetadata = (size, key);
        }
    }

    private void Skip(int field, int wire, long end, int depth, bool known)
    {
        if (known)
        {
            WireMismatches++;
        }

        _r.Skip(wire, end, field, depth, _maxDepth);
    }

    private void Enter(int depth)
    {
        if (depth > _maxDepth)
        {
            throw new ScanLimitException($"The model's messages nest deeper than {_maxDepth} levels (limit).") { Offset = _r.Position };
        }
    }
}
