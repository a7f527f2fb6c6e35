using System.Runtime.InteropServices;
using System.Text;
using Rampart.ML.Onnx.Model;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>Converts TensorProto to <see cref="OnnxTensor"/> under limits, and back.</summary>
internal static class TensorCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static OnnxTensor Decode(TensorProto t, OnnxLoadOptions options, string context, ExternalDataResolver? external)
    {
        var name = t.Name.Length > 0 ? $"tensor '{t.Name}' ({context})" : $"tensor {context}";
        var type = (OnnxDataType)t.DataType;
        if (!OnnxTypes.IsSupported(type))
        {
            throw new OnnxFormatException(
                OnnxErrorKind.UnsupportedType,
                $"The {name} has element type {(Enum.IsDefined(type) ? OnnxTypes.Name(type) : t.DataType.ToString(System.Globalization.CultureInfo.InvariantCulture))}, which Rampart's interpreter does not support.");
        }

        if (t.HasSegment)
        {
            throw new OnnxFormatException(OnnxErrorKind.UnsupportedFeature, $"The {name} is segmented; segmented tensors are not supported.");
        }

        var shape = new int[t.Dims.Count];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            var d = t.Dims[i];
            if (d < 0)
            {
                throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} has negative dimension {d} at dims[{i}].");
            }

            if (d > options.MaxTensorElements || (count *= d) > options.MaxTensorElements)
            {
                throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The {name} has dims [{string.Join(",", t.Dims)}], more than the limit of {options.MaxTensorElements} elements.");
            }

            shape[i] = (int)d;
        }

        var size = OnnxTypes.SizeOf(type);
        var bytes = count * Math.Max(size, 1);
        if (bytes > options.MaxTensorBytes)
        {
            throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The {name} needs {bytes} bytes, over the limit of {options.MaxTensorBytes}.");
        }

        var n = (int)count;
        var raw = t.RawData;
        if (t.DataLocation == 1)
        {
            if (external is null)
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsafeExternalData, $"The {name} stores its data in an external file, but the model was not loaded from a folder.");
            }

            if (type == OnnxDataType.String)
            {
                throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} is a string tensor with external data, which ONNX does not allow.");
            }

            raw = external.Read(t.ExternalData, bytes, name);
        }
        else if (t.DataLocation != 0)
        {
            throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} has unknown data_location {t.DataLocation}.");
        }

        if (raw is not null)
        {
            if (type == OnnxDataType.String)
            {
                throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} is a string tensor stored in raw_data, which ONNX does not allow.");
            }

            if (raw.Length != bytes)
            {
                throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} has shape [{string.Join(",", t.Dims)}] ({count} x {size} bytes = {bytes}) but raw_data holds {raw.Length} bytes.");
            }

            return new OnnxTensor(type, shape, FromRaw(type, raw, n));
        }

        return new OnnxTensor(type, shape, FromTyped(t, type, n, name));
    }

    private static Array FromRaw(OnnxDataType type, byte[] raw, int n)
    {
        if (type == OnnxDataType.Bool)
        {
            var b = new bool[n];
            for (var i = 0; i < n; i++)
            {
                b[i] = raw[i] != 0;
            }

            return b;
        }

        var array = OnnxTypes.Allocate(type, n);
        var span = MemoryMarshal.AsBytes(ArraySpan(array));
        raw.AsSpan(0, span.Length).CopyTo(span);
        return array;
    }

    private static Span<byte> ArraySpan(Array array) => array switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new InvalidOperationException("No byte view for " + array.GetType()),
    };

    private static Array FromTyped(TensorProto t, OnnxDataType type, int n, string name)
    {
        int available = type switch
        {
            OnnxDataType.Float => t.FloatData.Count,
            OnnxDataType.Double => t.DoubleData.Count,
            OnnxDataType.Int64 => t.Int64Data.Count,
            OnnxDataType.UInt32 or OnnxDataType.UInt64 => t.UInt64Data.Count,
            OnnxDataType.String => t.StringData.Count,
            _ => t.Int32Data.Count,
        };
        if (available != n)
        {
            throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} has shape [{string.Join(",", t.Dims)}] ({n} elements) but its typed data field holds {available} values.");
        }

        switch (type)
        {
            case OnnxDataType.Float:
                return t.FloatData.ToArray();
            case OnnxDataType.Double:
                return t.DoubleData.ToArray();
            case OnnxDataType.Int64:
                return t.Int64Data.ToArray();
            case OnnxDataType.UInt64:
                return t.UInt64Data.Select(v => unchecked((ulong)v)).ToArray();
            case OnnxDataType.UInt32:
                return t.UInt64Data.Select(v => unchecked((uint)v)).ToArray();
            case OnnxDataType.String:
                return t.StringData.Select(s => DecodeString(s, name)).ToArray();
            case OnnxDataType.Int32:
                return t.Int32Data.Select(v => unchecked((int)v)).ToArray();
            case OnnxDataType.Int16:
                return t.Int32Data.Select(v => unchecked((short)v)).ToArray();
            case OnnxDataType.UInt16:
                return t.Int32Data.Select(v => unchecked((ushort)v)).ToArray();
            case OnnxDataType.Int8:
                return t.Int32Data.Select(v => unchecked((sbyte)v)).ToArray();
            case OnnxDataType.UInt8:
                return t.Int32Data.Select(v => unchecked((byte)v)).ToArray();
            case OnnxDataType.Bool:
                return t.Int32Data.Select(v => v != 0).ToArray();
            case OnnxDataType.Float16:
                return t.Int32Data.Select(v => BitConverter.UInt16BitsToHalf(unchecked((ushort)v))).ToArray();
            default:
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedType, $"The {name} has unsupported element type {type}.");
        }
    }

    private static string DecodeString(byte[] bytes, string name)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new OnnxFormatException(OnnxErrorKind.Malformed, $"The {name} holds a string that is not valid UTF-8.");
        }
    }

    /// <summary>Encodes a tensor as a TensorProto (raw_data for numbers, string_data for strings).</summary>
    public static TensorProto Encode(OnnxTensor tensor, string name)
    {
        var t = new TensorProto { Name = name, DataType = (int)tensor.Type };
        t.Dims.AddRange(tensor.Shape.Select(d => (long)d));
        switch (tensor.Data)
        {
            case string[] strings:
                t.StringData.AddRange(strings.Select(Encoding.UTF8.GetBytes));
                break;
            case bool[] bools:
                t.RawData = bools.Select(b => b ? (byte)1 : (byte)0).ToArray();
                break;
            default:
                t.RawData = ArraySpan(tensor.Data).ToArray();
                break;
        }

        return t;
    }
}
