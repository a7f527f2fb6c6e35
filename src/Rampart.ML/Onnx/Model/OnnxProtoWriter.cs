using System.Globalization;
using Rampart.ML.Onnx.Protobuf;

namespace Rampart.ML.Onnx.Model;

/// <summary>Encodes ONNX protobuf messages (the same subset <see cref="OnnxProtoParser"/> reads). Repeated scalars are written packed.</summary>
internal static class OnnxProtoWriter
{
    public static byte[] WriteModel(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new ProtoWriter();
        w.WriteInt64(1, model.IrVersion);
        w.WriteString(2, model.ProducerName);
        w.WriteString(3, model.ProducerVersion);
        w.WriteString(4, model.Domain);
        w.WriteInt64IfNonZero(5, model.ModelVersion);
        w.WriteString(6, model.DocString);
        if (model.Graph is not null)
        {
            w.WriteMessage(7, Graph(model.Graph));
        }

        foreach (var opset in model.OpsetImport)
        {
            var o = new ProtoWriter();
            o.WriteString(1, opset.Domain);
            o.WriteInt64(2, opset.Version);
            w.WriteMessage(8, o);
        }

        foreach (var entry in model.MetadataProps)
        {
            w.WriteMessage(14, Entry(entry));
        }

        return w.ToArray();
    }

    public static byte[] WriteTensor(TensorProto tensor) => Tensor(tensor).ToArray();

    private static ProtoWriter Graph(GraphProto graph)
    {
        var w = new ProtoWriter();
        foreach (var node in graph.Nodes)
        {
            w.WriteMessage(1, Node(node));
        }

        w.WriteString(2, graph.Name);
        foreach (var init in graph.Initializers)
        {
            w.WriteMessage(5, Tensor(init));
        }

        w.WriteString(10, graph.DocString);
        foreach (var v in graph.Inputs)
        {
            w.WriteMessage(11, ValueInfo(v));
        }

        foreach (var v in graph.Outputs)
        {
            w.WriteMessage(12, ValueInfo(v));
        }

        foreach (var v in graph.ValueInfo)
        {
            w.WriteMessage(13, ValueInfo(v));
        }

        return w;
    }

    private static ProtoWriter Node(NodeProto node)
    {
        var w = new ProtoWriter();
        foreach (var input in node.Inputs)
        {
            w.WriteBytes(1, System.Text.Encoding.UTF8.GetBytes(input));
        }

        foreach (var output in node.Outputs)
        {
            w.WriteBytes(2, System.Text.Encoding.UTF8.GetBytes(output));
        }

        w.WriteString(3, node.Name);
        w.WriteString(4, node.OpType);
        foreach (var a in node.Attributes)
        {
            w.WriteMessage(5, Attribute(a));
        }

        w.WriteString(6, node.DocString);
        w.WriteString(7, node.Domain);
        return w;
    }

    private static ProtoWriter Attribute(AttributeProto a)
    {
        var w = new ProtoWriter();
        w.WriteString(1, a.Name);
        switch (a.Type)
        {
            case AttributeType.Float:
                w.WriteFloat(2, a.F);
                break;
            case AttributeType.Int:
                w.WriteInt64(3, a.I);
                break;
            case AttributeType.String:
                w.WriteBytes(4, a.S);
                break;
            case AttributeType.Tensor when a.T is not null:
                w.WriteMessage(5, Tensor(a.T));
                break;
            case AttributeType.Graph when a.G is not null:
                w.WriteMessage(6, Graph(a.G));
                break;
            case AttributeType.Floats:
                w.WritePackedFloat(7, a.Floats);
                break;
            case AttributeType.Ints:
                w.WritePackedInt64(8, a.Ints);
                break;
            case AttributeType.Strings:
                foreach (var s in a.Strings)
                {
                    w.WriteBytes(9, s);
                }

                break;
            case AttributeType.Tensors:
                foreach (var t in a.Tensors)
                {
                    w.WriteMessage(10, Tensor(t));
                }

                break;
            default:
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Attribute '{a.Name}' of type {a.Type} cannot be written."), nameof(a));
        }

        w.WriteInt64(20, (long)a.Type);
        return w;
    }

    private static ProtoWriter Tensor(TensorProto t)
    {
        var w = new ProtoWriter();
        w.WritePackedInt64(1, t.Dims);
        w.WriteInt64(2, t.DataType);
        w.WritePackedFloat(4, t.FloatData);
        w.WritePackedInt64(5, t.Int32Data);
        foreach (var s in t.StringData)
        {
            w.WriteBytes(6, s);
        }

        w.WritePackedInt64(7, t.Int64Data);
        w.WriteString(8, t.Name);
        if (t.RawData is not null)
        {
            w.WriteBytes(9, t.RawData);
        }

        w.WritePackedDouble(10, t.DoubleData);
        w.WritePackedInt64(11, t.UInt64Data);
        foreach (var entry in t.ExternalData)
        {
            w.WriteMessage(13, Entry(entry));
        }

        w.WriteInt64IfNonZero(14, t.DataLocation);
        return w;
    }

    private static ProtoWriter ValueInfo(ValueInfoProto v)
    {
        var tensorType = new ProtoWriter();
        tensorType.WriteInt64(1, v.ElementType);
        if (v.Shape is not null)
        {
            var shape = new ProtoWriter();
            foreach (var d in v.Shape)
            {
                var dim = new ProtoWriter();
                if (d.Value is { } value)
                {
                    dim.WriteInt64(1, value);
                }
                else
                {
                    dim.WriteString(2, d.Param);
                }

                shape.WriteMessage(1, dim);
            }

            tensorType.WriteMessage(2, shape);
        }

        var type = new ProtoWriter();
        type.WriteMessage(1, tensorType);
        var w = new ProtoWriter();
        w.WriteString(1, v.Name);
        w.WriteMessage(2, type);
        w.WriteString(3, v.DocString);
        return w;
    }

    private static ProtoWriter Entry(KeyValuePair<string, string> entry)
    {
        var w = new ProtoWriter();
        w.WriteString(1, entry.Key);
        w.WriteString(2, entry.Value);
        return w;
    }
}
