using System.Globalization;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx;

/// <summary>
/// Builds ONNX models in code and writes them as ONNX protobuf bytes (IR version 8, ai.onnx opset 13 by default), for
/// trainers that export models and for tests. The graph is validated by loading it back before bytes are returned.
/// </summary>
public sealed class OnnxModelBuilder
{
    private readonly ModelProto _model;
    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

    /// <summary>Creates a builder.</summary>
    /// <param name="graphName">The graph's name (default "rampart").</param>
    /// <param name="opsetVersion">The ai.onnx operator-set version to import (default 13).</param>
    /// <exception cref="ArgumentOutOfRangeException">When the opset is outside 1 to 21.</exception>
    public OnnxModelBuilder(string graphName = "rampart", long opsetVersion = 13)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(opsetVersion, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(opsetVersion, Operators.AiOnnx.AiOnnxOperators.MaxOpset);
        _graph.Name = graphName;
        _model = new ModelProto { IrVersion = 8, ProducerName = "Rampart", ProducerVersion = typeof(OnnxModelBuilder).Assembly.GetName().Version?.ToString() ?? "0", Graph = _graph };
        _model.OpsetImport.Add(new OperatorSetId(string.Empty, opsetVersion));
    }

    /// <summary>Declares a graph input.</summary>
    /// <param name="name">Value name.</param>
    /// <param name="type">Element type.</param>
    /// <param name="dims">Dimensions; null entries are symbolic (written as "N", "d1", ...).</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddInput(string name, OnnxDataType type, params long?[] dims)
    {
        _graph.Inputs.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>Declares a graph output.</summary>
    /// <param name="name">Value name (produced by a node, an input or an initializer).</param>
    /// <param name="type">Element type.</param>
    /// <param name="dims">Dimensions; null entries are symbolic.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddOutput(string name, OnnxDataType type, params long?[] dims)
    {
        _graph.Outputs.Add(ValueInfo(name, type, dims));
        return this;
    }

    /// <summary>Adds a float initializer (weights), stored as raw_data.</summary>
    /// <param name="name">Value name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Dimensions; their product must equal the number of values.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddInitializer(string name, float[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        _graph.Initializers.Add(EncodeTensor(name, OnnxTensor.Create(ToShape(dims, values.Length), (float[])values.Clone())));
        return this;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    /// <param name="name">Value name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Dimensions; their product must equal the number of values.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddInitializer(string name, long[] values, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        _graph.Initializers.Add(EncodeTensor(name, OnnxTensor.Create(ToShape(dims, values.Length), (long[])values.Clone())));
        return this;
    }

    /// <summary>Adds a node of the default domain.</summary>
    /// <param name="opType">Operator, e.g. "Gemm".</param>
    /// <param name="inputs">Input value names ("" for an absent optional input).</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="attributes">Attributes.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttributeValue[] attributes) =>
        AddNode(opType, string.Empty, inputs, outputs, attributes);

    /// <summary>Adds a node of any domain (the domain must be imported with <see cref="ImportOpset"/>).</summary>
    /// <param name="opType">Operator.</param>
    /// <param name="domain">Operator-set domain ("" for ai.onnx).</param>
    /// <param name="inputs">Input value names.</param>
    /// <param name="outputs">Output value names.</param>
    /// <param name="attributes">Attributes.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddNode(string opType, string domain, string[] inputs, string[] outputs, params OnnxAttributeValue[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attributes);
        var name = string.Create(CultureInfo.InvariantCulture, $"{opType}_{_graph.Nodes.Count}");
        _nodeNames.Add(name);
        var node = new NodeProto { OpType = opType, Domain = domain, Name = name };
        node.Inputs.AddRange(inputs);
        node.Outputs.AddRange(outputs);
        node.Attributes.AddRange(attributes.Select(a => a.Proto));
        _graph.Nodes.Add(node);
        return this;
    }

    /// <summary>Imports another operator-set domain, e.g. "ai.onnx.ml".</summary>
    /// <param name="domain">Domain.</param>
    /// <param name="version">Version.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder ImportOpset(string domain, long version)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _model.OpsetImport.Add(new OperatorSetId(domain, version));
        return this;
    }

    /// <summary>Adds a metadata_props entry (e.g. training seed, dataset hash).</summary>
    /// <param name="key">Key.</param>
    /// <param name="value">Value.</param>
    /// <returns>This builder.</returns>
    public OnnxModelBuilder AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _model.MetadataProps.Add(new(key, value));
        return this;
    }

    /// <summary>Writes the model without checking that Rampart can run it (for models using domains it does not implement).</summary>
    /// <returns>ONNX protobuf bytes.</returns>
    public byte[] ToBytesUnchecked() => OnnxProtoWriter.WriteModel(_model);

    /// <summary>Writes the model, after loading it back to check the graph (types, operators, topology).</summary>
    /// <returns>ONNX protobuf bytes.</returns>
    /// <exception cref="OnnxFormatException">When the graph is invalid or uses something the interpreter does not support.</exception>
    public byte[] ToBytes()
    {
        var bytes = ToBytesUnchecked();
        _ = OnnxModel.Load(bytes, "OnnxModelBuilder");
        return bytes;
    }

    /// <summary>Writes the model to a file (see <see cref="ToBytes"/>).</summary>
    /// <param name="path">Target file.</param>
    public void Save(string path) => File.WriteAllBytes(path, ToBytes());

    internal static TensorProto EncodeTensor(string name, OnnxTensor tensor) => TensorCodec.Encode(tensor, name);

    internal static int[] ToShape(long[] dims, int count)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var shape = dims.Select(d => d is < 0 or > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(dims), "Dimensions must be non-negative.") : (int)d).ToArray();
        if (OnnxTensor.ShapeSize(shape) != count)
        {
            throw new ArgumentException($"Dimensions [{string.Join(",", dims)}] need {OnnxTensor.ShapeSize(shape)} values, got {count}.", nameof(dims));
        }

        return shape;
    }

    private static ValueInfoProto ValueInfo(string name, OnnxDataType type, long?[] dims)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(dims);
        return new ValueInfoProto
        {
            Name = name,
            ElementType = (int)type,
            Shape = dims.Select((d, i) => d is { } v ? new Dimension(v, null) : new Dimension(null, i == 0 ? "N" : "d" + i.ToString(CultureInfo.InvariantCulture))).ToList(),
        };
    }
}
