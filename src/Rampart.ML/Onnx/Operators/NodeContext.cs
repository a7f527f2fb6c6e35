using System.Globalization;
using System.Text;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators;

/// <summary>What a kernel factory sees of a node at load time: attributes, opset, input types and constant inputs.</summary>
internal sealed class NodeContext
{
    private readonly OnnxLoadOptions _options;

    public NodeContext(NodeProto node, long opset, OnnxDataType?[] inputTypes, OnnxTensor?[] constantInputs, OnnxLoadOptions options)
    {
        Node = node;
        Opset = opset;
        InputTypes = inputTypes;
        ConstantInputs = constantInputs;
        _options = options;
    }

    public NodeProto Node { get; }

    /// <summary>The operator-set version of the node's domain imported by the model.</summary>
    public long Opset { get; }

    /// <summary>Element types of the inputs (null for absent optional inputs).</summary>
    public OnnxDataType?[] InputTypes { get; }

    /// <summary>Inputs whose value is known at load time (initializers and Constant outputs), null otherwise.</summary>
    public OnnxTensor?[] ConstantInputs { get; }

    public string Domain => Node.Domain.Length == 0 ? "ai.onnx" : Node.Domain;

    public int InputCount => Node.Inputs.Count;

    public bool HasInput(int i) => i < Node.Inputs.Count && Node.Inputs[i].Length > 0;

    public bool HasOutput(int i) => i < Node.Outputs.Count && Node.Outputs[i].Length > 0;

    public OnnxDataType InputType(int i) =>
        HasInput(i) && InputTypes[i] is { } t ? t : throw Invalid($"input {i} is required");

    public AttributeProto? Attribute(string name) => Node.Attributes.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long defaultValue) =>
        Attribute(name) is { } a ? Expect(a, AttributeType.Int).I : defaultValue;

    public float Float(string name, float defaultValue) =>
        Attribute(name) is { } a ? Expect(a, AttributeType.Float).F : defaultValue;

    public string String(string name, string defaultValue) =>
        Attribute(name) is { } a ? Encoding.UTF8.GetString(Expect(a, AttributeType.String).S) : defaultValue;

    public long[]? Ints(string name) => Attribute(name) is { } a ? [.. Expect(a, AttributeType.Ints).Ints] : null;

    public float[]? Floats(string name) => Attribute(name) is { } a ? [.. Expect(a, AttributeType.Floats).Floats] : null;

    public OnnxTensor? Tensor(string name) =>
        Attribute(name) is { } a
            ? TensorCodec.Decode(Expect(a, AttributeType.Tensor).T ?? throw Invalid($"attribute '{name}' has no tensor"), _options, $"attribute '{name}' of {Node.Describe()}", null)
            : null;

    /// <summary>Checks the number of inputs (counting absent optional ones) lies in [min, max].</summary>
    public void RequireInputs(int min, int max)
    {
        var present = Node.Inputs.Count;
        while (present > 0 && Node.Inputs[present - 1].Length == 0)
        {
            present--;
        }

        if (present < min || present > max)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"expects {min}..{max} inputs, has {present}"));
        }

        for (var i = 0; i < min; i++)
        {
            if (!HasInput(i))
            {
                throw Invalid(string.Create(CultureInfo.InvariantCulture, $"input {i} is required"));
            }
        }
    }

    /// <summary>Refuses input <paramref name="i"/> unless its type passes <paramref name="allowed"/>.</summary>
    public OnnxDataType RequireType(int i, Func<OnnxDataType, bool> allowed, string what)
    {
        var t = InputType(i);
        return allowed(t) ? t : throw UnsupportedType(string.Create(CultureInfo.InvariantCulture, $"input {i} has element type {OnnxTypes.Name(t)}; supported: {what}"));
    }

    /// <summary>Refuses unless inputs <paramref name="a"/> and <paramref name="b"/> have the same type.</summary>
    public void RequireSameType(int a, int b)
    {
        if (InputType(a) != InputType(b))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"inputs {a} and {b} have different element types ({OnnxTypes.Name(InputType(a))}, {OnnxTypes.Name(InputType(b))})"));
        }
    }

    public OnnxFormatException Invalid(string what) => new(OnnxErrorKind.InvalidGraph, Prefix() + what + ".");

    public OnnxFormatException Unsupported(string what) => new(OnnxErrorKind.UnsupportedFeature, Prefix() + what + " is not supported.");

    public OnnxFormatException UnsupportedType(string what) => new(OnnxErrorKind.UnsupportedType, Prefix() + what + ".");

    private string Prefix() =>
        string.Create(CultureInfo.InvariantCulture, $"Operator {Node.OpType} ({Node.Describe()}, domain '{Domain}', opset {Opset}): ");

    private AttributeProto Expect(AttributeProto a, AttributeType type)
    {
        if (a.Type != type && !(a.Type == AttributeType.Undefined && type != AttributeType.Undefined))
        {
            throw Invalid($"attribute '{a.Name}' has type {a.Type}, expected {type}");
        }

        if (a.RefAttrName.Length > 0)
        {
            throw Unsupported($"attribute '{a.Name}' referring to a function attribute");
        }

        return a;
    }
}
