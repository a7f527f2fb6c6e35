using System.Security.Cryptography;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Operators;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>A loaded, validated and compiled ONNX model.</summary>
internal sealed class OnnxModel
{
    /// <summary>Highest IR version accepted.</summary>
    public const long MaxIrVersion = 10;

    private OnnxModel(ModelProto proto, CompiledGraph graph, string sha256, string source, long sizeBytes)
    {
        SizeBytes = sizeBytes;
        Proto = proto;
        Graph = graph;
        Sha256 = sha256;
        Source = source;
    }

    public ModelProto Proto { get; }

    public CompiledGraph Graph { get; }

    /// <summary>Lower-case hex SHA-256 of the model bytes.</summary>
    public string Sha256 { get; }

    public string Source { get; }

    /// <summary>Size of the serialized model in bytes (without external data).</summary>
    public long SizeBytes { get; }

    /// <summary>Reads a model file; external data may be read from the file's folder.</summary>
    public static OnnxModel Load(string path, OnnxLoadOptions? options = null, OperatorRegistry? registry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= OnnxLoadOptions.Default;
        options.Validate();
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new OnnxFormatException(OnnxErrorKind.Unreadable, $"The ONNX model file '{path}' does not exist.");
            }

            if (info.Length > options.MaxFileBytes)
            {
                throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The ONNX model file '{path}' has {info.Length} bytes, over the limit of {options.MaxFileBytes}.");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OnnxFormatException(OnnxErrorKind.Unreadable, $"The ONNX model file '{path}' cannot be read: {ex.Message}");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Load(bytes, path, options, new ExternalDataResolver(folder), registry);
    }

    /// <summary>Reads a model from bytes; external data is refused.</summary>
    public static OnnxModel Load(ReadOnlySpan<byte> bytes, string source, OnnxLoadOptions? options = null, OperatorRegistry? registry = null) =>
        Load(bytes, source, options ?? OnnxLoadOptions.Default, null, registry);

    private static OnnxModel Load(ReadOnlySpan<byte> bytes, string source, OnnxLoadOptions options, ExternalDataResolver? external, OperatorRegistry? registry)
    {
        options.Validate();
        if (bytes.Length > options.MaxFileBytes)
        {
            throw new OnnxFormatException(OnnxErrorKind.LimitExceeded, $"The ONNX model '{source}' has {bytes.Length} bytes, over the limit of {options.MaxFileBytes}.");
        }

        var proto = OnnxProtoParser.ParseModel(bytes, options);
        if (proto.IrVersion is < 1 or > MaxIrVersion)
        {
            throw new OnnxFormatException(OnnxErrorKind.UnsupportedFeature, $"The ONNX model '{source}' has ir_version {proto.IrVersion}; supported: 1 to {MaxIrVersion}.");
        }

        var graph = CompiledGraph.Compile(proto, options, external, registry ?? OperatorRegistry.Default);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new OnnxModel(proto, graph, sha, source, bytes.Length);
    }

    /// <summary>Runs the model and returns its outputs by name.</summary>
    public Dictionary<string, OnnxTensor> Run(IReadOnlyDictionary<string, OnnxTensor> feeds)
    {
        var values = Graph.Run(feeds);
        return Graph.Outputs.ToDictionary(o => o.Name, o => values[o.Slot]!, StringComparer.Ordinal);
    }

    /// <summary>Reads a TensorProto file (as in the ONNX backend tests' input_N.pb / output_N.pb).</summary>
    public static OnnxTensor ReadTensorFile(string path, OnnxLoadOptions? options = null)
    {
        options ??= OnnxLoadOptions.Default;
        var bytes = File.ReadAllBytes(path);
        var proto = OnnxProtoParser.ParseTensor(bytes, options, Path.GetFileName(path));
        return TensorCodec.Decode(proto, options, Path.GetFileName(path), null);
    }

    /// <summary>The name stored in a TensorProto file.</summary>
    public static string ReadTensorName(string path) =>
        OnnxProtoParser.ParseTensor(File.ReadAllBytes(path), OnnxLoadOptions.Default, Path.GetFileName(path)).Name;
}
