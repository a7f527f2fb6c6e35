using Rampart.ML.Onnx.Protobuf;

namespace Rampart.ML.Onnx.Model;

/// <summary>
/// Decodes ONNX protobuf messages written by hand for the subset Rampart uses. Unknown fields are skipped; known
/// fields with the wrong wire type, truncation, excessive nesting, too many nodes or too many values are refused.
/// </summary>
internal sealed class OnnxProtoParser
{
    private const int MessagesPerNode = 16;
    private readonly OnnxLoadOptions _options;
    private readonly long _maxMessages;
    private long _messages;
    private long _nodes;

    public OnnxProtoParser(OnnxLoadOptions options)
    {
        _options = options;
        _maxMessages = (options.MaxNodes * (long)MessagesPerNode) + 10_000;
    }

    public static ModelProto ParseModel(ReadOnlySpan<byte> bytes, OnnxLoadOptions options) =>
        new OnnxProtoParser(options).Model(bytes);

    public static TensorProto ParseTensor(ReadOnlySpan<byte> bytes, OnnxLoadOptions options, string context) =>
        new OnnxProtoParser(options).Tensor(bytes, context, 1);

    private ModelProto Model(ReadOnlySpan<byte> bytes)
    {
        const string ctx = "ModelProto";
        var model = new ModelProto();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    model.IrVersion = r.ReadInt64(wire, "ir_version");
                    break;
                case 2:
                    model.ProducerName = r.ReadString(wire, "producer_name");
                    break;
                case 3:
                    model.ProducerVersion = r.ReadString(wire, "producer_version");
                    break;
                case 4:
                    model.Domain = r.ReadString(wire, "domain");
                    break;
                case 5:
                    model.ModelVersion = r.ReadInt64(wire, "model_version");
                    break;
                case 6:
                    model.DocString = r.ReadString(wire, "doc_string");
                    break;
                case 7:
                    r.Expect(wire, WireType.LengthDelimited, "graph");
                    model.Graph = Graph(r.ReadBytes(), "ModelProto.graph", 1);
                    break;
                case 8:
                    r.Expect(wire, WireType.LengthDelimited, "opset_import");
                    model.OpsetImport.Add(OpsetId(r.ReadBytes(), $"ModelProto.opset_import[{model.OpsetImport.Count}]", 1));
                    break;
                case 14:
                    r.Expect(wire, WireType.LengthDelimited, "metadata_props");
                    model.MetadataProps.Add(Entry(r.ReadBytes(), $"ModelProto.metadata_props[{model.MetadataProps.Count}]", 1));
                    break;
                case 20:
                    r.Expect(wire, WireType.LengthDelimited, "training_info");
                    r.ReadBytes();
                    model.TrainingInfoCount++;
                    break;
                case 25:
                    r.Expect(wire, WireType.LengthDelimited, "functions");
                    r.ReadBytes();
                    model.FunctionCount++;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return model;
    }

    private void Enter(int depth, string ctx)
    {
        if (depth > _options.MaxDepth)
        {
            throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"ONNX messages are nested deeper than {_options.MaxDepth} levels at {ctx}.");
        }

        if (++_messages > _maxMessages)
        {
            throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The ONNX model holds more than {_maxMessages} messages (limit derived from MaxNodes) at {ctx}.");
        }
    }

    private GraphProto Graph(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var graph = new GraphProto();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    r.Expect(wire, WireType.LengthDelimited, "node");
                    if (++_nodes > _options.MaxNodes)
                    {
                        throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The ONNX model has more than {_options.MaxNodes} nodes (limit MaxNodes) in {ctx}.");
                    }

                    graph.Nodes.Add(Node(r.ReadBytes(), $"{ctx}.node[{graph.Nodes.Count}]", depth + 1));
                    break;
                case 2:
                    graph.Name = r.ReadString(wire, "name");
                    break;
                case 5:
                    r.Expect(wire, WireType.LengthDelimited, "initializer");
                    graph.Initializers.Add(Tensor(r.ReadBytes(), $"{ctx}.initializer[{graph.Initializers.Count}]", depth + 1));
                    break;
                case 10:
                    graph.DocString = r.ReadString(wire, "doc_string");
                    break;
                case 11:
                    r.Expect(wire, WireType.LengthDelimited, "input");
                    graph.Inputs.Add(ValueInfo(r.ReadBytes(), $"{ctx}.input[{graph.Inputs.Count}]", depth + 1));
                    break;
                case 12:
                    r.Expect(wire, WireType.LengthDelimited, "output");
                    graph.Outputs.Add(ValueInfo(r.ReadBytes(), $"{ctx}.output[{graph.Outputs.Count}]", depth + 1));
                    break;
                case 13:
                    r.Expect(wire, WireType.LengthDelimited, "value_info");
                    graph.ValueInfo.Add(ValueInfo(r.ReadBytes(), $"{ctx}.value_info[{graph.ValueInfo.Count}]", depth + 1));
                    break;
                case 15:
                    r.Expect(wire, WireType.LengthDelimited, "sparse_initializer");
                    r.ReadBytes();
                    graph.SparseInitializerCount++;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return graph;
    }

    private NodeProto Node(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var node = new NodeProto();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    r.Expect(wire, WireType.LengthDelimited, "input");
                    node.Inputs.Add(r.ReadString());
                    break;
                case 2:
                    r.Expect(wire, WireType.LengthDelimited, "output");
                    node.Outputs.Add(r.ReadString());
                    break;
                case 3:
                    node.Name = r.ReadString(wire, "name");
                    break;
                case 4:
                    node.OpType = r.ReadString(wire, "op_type");
                    break;
                case 5:
                    r.Expect(wire, WireType.LengthDelimited, "attribute");
                    node.Attributes.Add(Attribute(r.ReadBytes(), $"{ctx}.attribute[{node.Attributes.Count}]", depth + 1));
                    break;
                case 6:
                    node.DocString = r.ReadString(wire, "doc_string");
                    break;
                case 7:
                    node.Domain = r.ReadString(wire, "domain");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return node;
    }

    private AttributeProto Attribute(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var a = new AttributeProto();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    a.Name = r.ReadString(wire, "name");
                    break;
                case 2:
                    r.Expect(wire, WireType.Fixed32, "f");
                    a.F = r.ReadFloat();
                    break;
                case 3:
                    a.I = r.ReadInt64(wire, "i");
                    break;
                case 4:
                    r.Expect(wire, WireType.LengthDelimited, "s");
                    a.S = r.ReadBytes().ToArray();
                    break;
                case 5:
                    r.Expect(wire, WireType.LengthDelimited, "t");
                    a.T = Tensor(r.ReadBytes(), ctx + ".t", depth + 1);
                    break;
                case 6:
                    r.Expect(wire, WireType.LengthDelimited, "g");
                    a.G = Graph(r.ReadBytes(), ctx + ".g", depth + 1);
                    break;
                case 7:
                    r.ReadRepeatedFloat(wire, a.Floats, _options.MaxTensorElements, "floats");
                    break;
                case 8:
                    r.ReadRepeatedVarint(wire, a.Ints, _options.MaxTensorElements, "ints");
                    break;
                case 9:
                    r.Expect(wire, WireType.LengthDelimited, "strings");
                    a.Strings.Add(r.ReadBytes().ToArray());
                    break;
                case 10:
                    r.Expect(wire, WireType.LengthDelimited, "tensors");
                    a.Tensors.Add(Tensor(r.ReadBytes(), $"{ctx}.tensors[{a.Tensors.Count}]", depth + 1));
                    break;
                case 11:
                    r.Expect(wire, WireType.LengthDelimited, "graphs");
                    a.Graphs.Add(Graph(r.ReadBytes(), $"{ctx}.graphs[{a.Graphs.Count}]", depth + 1));
                    break;
                case 14 or 15 or 22 or 23:
                    r.Expect(wire, WireType.LengthDelimited, "sparse_tensor/type_proto");
                    r.ReadBytes();
                    a.HasUnsupportedValue = true;
                    break;
                case 20:
                    r.Expect(wire, WireType.Varint, "type");
                    a.Type = (AttributeType)r.ReadInt32();
                    break;
                case 21:
                    a.RefAttrName = r.ReadString(wire, "ref_attr_name");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return a;
    }

    private TensorProto Tensor(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var t = new TensorProto();
        var max = _options.MaxTensorElements;
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    r.ReadRepeatedVarint(wire, t.Dims, 64, "dims");
                    break;
                case 2:
                    t.DataType = r.ReadInt32(wire, "data_type");
                    break;
                case 3:
                    r.Skip(wire);
                    t.HasSegment = true;
                    break;
                case 4:
                    r.ReadRepeatedFloat(wire, t.FloatData, max, "float_data");
                    break;
                case 5:
                    r.ReadRepeatedVarint(wire, t.Int32Data, max, "int32_data");
                    break;
                case 6:
                    r.Expect(wire, WireType.LengthDelimited, "string_data");
                    if (t.StringData.Count >= max)
                    {
                        throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"ONNX field 'string_data' in {ctx} holds more than {max} values.");
                    }

                    t.StringData.Add(r.ReadBytes().ToArray());
                    break;
                case 7:
                    r.ReadRepeatedVarint(wire, t.Int64Data, max, "int64_data");
                    break;
                case 8:
                    t.Name = r.ReadString(wire, "name");
                    break;
                case 9:
                    r.Expect(wire, WireType.LengthDelimited, "raw_data");
                    var raw = r.ReadBytes();
                    if (raw.Length > _options.MaxTensorBytes)
                    {
                        throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"ONNX tensor raw_data in {ctx} has {raw.Length} bytes, over the limit of {_options.MaxTensorBytes}.");
                    }

                    t.RawData = raw.ToArray();
                    break;
                case 10:
                    r.ReadRepeatedDouble(wire, t.DoubleData, max, "double_data");
                    break;
                case 11:
                    r.ReadRepeatedVarint(wire, t.UInt64Data, max, "uint64_data");
                    break;
                case 13:
                    r.Expect(wire, WireType.LengthDelimited, "external_data");
                    t.ExternalData.Add(Entry(r.ReadBytes(), $"{ctx}.external_data[{t.ExternalData.Count}]", depth + 1));
                    break;
                case 14:
                    t.DataLocation = r.ReadInt32(wire, "data_location");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return t;
    }

    private ValueInfoProto ValueInfo(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var v = new ValueInfoProto();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    v.Name = r.ReadString(wire, "name");
                    break;
                case 2:
                    r.Expect(wire, WireType.LengthDelimited, "type");
                    TypeProto(r.ReadBytes(), v, ctx + ".type", depth + 1);
                    break;
                case 3:
                    v.DocString = r.ReadString(wire, "doc_string");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return v;
    }

    private void TypeProto(ReadOnlySpan<byte> bytes, ValueInfoProto v, string ctx, int depth)
    {
        Enter(depth, ctx);
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    r.Expect(wire, WireType.LengthDelimited, "tensor_type");
                    TensorType(r.ReadBytes(), v, ctx + ".tensor_type", depth + 1);
                    break;
                case 4 or 5 or 8 or 9:
                    r.Expect(wire, WireType.LengthDelimited, "value type");
                    r.ReadBytes();
                    v.IsTensor = false;
                    v.OtherKind = field switch { 4 => "sequence", 5 => "map", 8 => "sparse tensor", _ => "optional" };
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }
    }

    private void TensorType(ReadOnlySpan<byte> bytes, ValueInfoProto v, string ctx, int depth)
    {
        Enter(depth, ctx);
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    v.ElementType = r.ReadInt32(wire, "elem_type");
                    break;
                case 2:
                    r.Expect(wire, WireType.LengthDelimited, "shape");
                    v.Shape = Shape(r.ReadBytes(), ctx + ".shape", depth + 1);
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }
    }

    private List<Dimension> Shape(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var dims = new List<Dimension>();
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            if (field != 1)
            {
                r.Skip(wire);
                continue;
            }

            r.Expect(wire, WireType.LengthDelimited, "dim");
            if (dims.Count >= 64)
            {
                throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"ONNX shape in {ctx} has more than 64 dimensions.");
            }

            var inner = new ProtoReader(r.ReadBytes(), $"{ctx}.dim[{dims.Count}]");
            long? value = null;
            string? param = null;
            while (!inner.AtEnd)
            {
                var (f, w) = inner.ReadTag();
                if (f == 1)
                {
                    inner.Expect(w, WireType.Varint, "dim_value");
                    value = inner.ReadInt64();
                }
                else if (f == 2)
                {
                    inner.Expect(w, WireType.LengthDelimited, "dim_param");
                    param = inner.ReadString();
                }
                else
                {
                    inner.Skip(w);
                }
            }

            dims.Add(new Dimension(value, param));
        }

        return dims;
    }

    private OperatorSetId OpsetId(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        var domain = string.Empty;
        long version = 0;
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    domain = r.ReadString(wire, "domain");
                    break;
                case 2:
                    version = r.ReadInt64(wire, "version");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return new OperatorSetId(domain, version);
    }

    private KeyValuePair<string, string> Entry(ReadOnlySpan<byte> bytes, string ctx, int depth)
    {
        Enter(depth, ctx);
        string key = string.Empty, value = string.Empty;
        var r = new ProtoReader(bytes, ctx);
        while (!r.AtEnd)
        {
            var (field, wire) = r.ReadTag();
            switch (field)
            {
                case 1:
                    key = r.ReadString(wire, "key");
                    break;
                case 2:
                    value = r.ReadString(wire, "value");
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return new(key, value);
    }
}
