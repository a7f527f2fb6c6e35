using System.Text;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx;

/// <summary>A node attribute for <see cref="OnnxModelBuilder"/>. Create one with the static factories.</summary>
public sealed class OnnxAttributeValue
{
    private OnnxAttributeValue(AttributeProto proto) => Proto = proto;

    /// <summary>The attribute name.</summary>
    public string Name => Proto.Name;

    internal AttributeProto Proto { get; }

    /// <summary>An integer attribute (also used for booleans such as <c>transB</c>).</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfInt(string name, long value) => new(new AttributeProto { Name = Check(name), Type = AttributeType.Int, I = value });

    /// <summary>A float attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfFloat(string name, float value) => new(new AttributeProto { Name = Check(name), Type = AttributeType.Float, F = value });

    /// <summary>A string attribute (UTF-8).</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="value">Value.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(new AttributeProto { Name = Check(name), Type = AttributeType.String, S = Encoding.UTF8.GetBytes(value) });
    }

    /// <summary>A list-of-integers attribute (axes, perm, pads, kernel_shape...).</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfInts(string name, params long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new AttributeProto { Name = Check(name), Type = AttributeType.Ints };
        a.Ints.AddRange(values);
        return new(a);
    }

    /// <summary>A list-of-floats attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfFloats(string name, params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new AttributeProto { Name = Check(name), Type = AttributeType.Floats };
        a.Floats.AddRange(values);
        return new(a);
    }

    /// <summary>A list-of-strings attribute (UTF-8), e.g. <c>nodes_modes</c> or <c>classlabels_strings</c> of ai.onnx.ml operators.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfStrings(string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var a = new AttributeProto { Name = Check(name), Type = AttributeType.Strings };
        a.Strings.AddRange(values.Select(v => Encoding.UTF8.GetBytes(v ?? throw new ArgumentException("Values must not be null.", nameof(values)))));
        return new(a);
    }

    /// <summary>A float tensor attribute (e.g. Constant's <c>value</c>).</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Dimensions; their product must equal the number of values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfTensor(string name, float[] values, params long[] dims) =>
        new(new AttributeProto { Name = Check(name), Type = AttributeType.Tensor, T = OnnxModelBuilder.EncodeTensor(string.Empty, OnnxTensor.Create(OnnxModelBuilder.ToShape(dims, values.Length), values)) });

    /// <summary>An int64 tensor attribute.</summary>
    /// <param name="name">Attribute name.</param>
    /// <param name="values">Row-major values.</param>
    /// <param name="dims">Dimensions; their product must equal the number of values.</param>
    /// <returns>The attribute.</returns>
    public static OnnxAttributeValue OfTensor(string name, long[] values, params long[] dims) =>
        new(new AttributeProto { Name = Check(name), Type = AttributeType.Tensor, T = OnnxModelBuilder.EncodeTensor(string.Empty, OnnxTensor.Create(OnnxModelBuilder.ToShape(dims, values.Length), values)) });

    private static string Check(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }
}
