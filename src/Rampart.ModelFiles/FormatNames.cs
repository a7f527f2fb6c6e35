using System.Collections.Immutable;

namespace Rampart.ModelFiles;

/// <summary>Names of formats for output, and the formats a file extension leads people to expect.</summary>
public static class FormatNames
{
    private static readonly ImmutableDictionary<string, ImmutableArray<ModelFormat>> ByExtension =
        new Dictionary<string, ImmutableArray<ModelFormat>>(StringComparer.OrdinalIgnoreCase)
        {
            [".zip"] = [ModelFormat.Zip],
            [".npz"] = [ModelFormat.Zip],
            [".keras"] = [ModelFormat.Zip],
            [".npy"] = [ModelFormat.Npy],
            [".safetensors"] = [ModelFormat.SafeTensors],
            [".gguf"] = [ModelFormat.Gguf],
            [".onnx"] = [ModelFormat.Onnx],
            [".h5"] = [ModelFormat.Hdf5],
            [".hdf5"] = [ModelFormat.Hdf5],
            [".pkl"] = [ModelFormat.Pickle],
            [".pickle"] = [ModelFormat.Pickle],
            [".joblib"] = [ModelFormat.Pickle, ModelFormat.Zlib, ModelFormat.Gzip, ModelFormat.Bzip2, ModelFormat.Xz, ModelFormat.Lzma, ModelFormat.Lz4],
            [".pt"] = [ModelFormat.Zip, ModelFormat.Pickle, ModelFormat.Tar],
            [".pth"] = [ModelFormat.Zip, ModelFormat.Pickle, ModelFormat.Tar],
            [".ckpt"] = [ModelFormat.Zip, ModelFormat.Pickle, ModelFormat.Tar],
            [".tar"] = [ModelFormat.Tar],
            [".gz"] = [ModelFormat.Gzip],
            [".tgz"] = [ModelFormat.Gzip],
            [".bz2"] = [ModelFormat.Bzip2],
            [".xz"] = [ModelFormat.Xz],
            [".7z"] = [ModelFormat.SevenZip],
            [".json"] = [ModelFormat.Text, ModelFormat.Empty],
            [".txt"] = [ModelFormat.Text, ModelFormat.Empty],
            [".md"] = [ModelFormat.Text, ModelFormat.Empty],
            [".yaml"] = [ModelFormat.Text, ModelFormat.Empty],
            [".yml"] = [ModelFormat.Text, ModelFormat.Empty],
            [".csv"] = [ModelFormat.Text, ModelFormat.Empty],
        }.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>A short lower-case id, for JSON and evidence: <c>pickle</c>, <c>safetensors</c>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The id.</returns>
    public static string Id(ModelFormat format) => format switch
    {
        ModelFormat.SevenZip => "7z",
        ModelFormat.SafeTensors => "safetensors",
        ModelFormat.SavedModel => "saved-model",
        ModelFormat.KerasConfig => "keras-config",
        ModelFormat.KerasMetadata => "keras-metadata",
        ModelFormat.SavedModelText => "saved-model-text",
        _ => format.ToString().ToLowerInvariant(),
    };

    /// <summary>A display name: <c>pickle</c>, <c>SafeTensors</c>, <c>7-Zip</c>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The name.</returns>
    public static string Display(ModelFormat format) => format switch
    {
        ModelFormat.Unknown => "unknown data",
        ModelFormat.Empty => "empty",
        ModelFormat.Text => "text",
        ModelFormat.Pickle => "pickle",
        ModelFormat.Zip => "zip",
        ModelFormat.Tar => "tar",
        ModelFormat.SevenZip => "7-Zip",
        ModelFormat.Gzip => "gzip",
        ModelFormat.Bzip2 => "bzip2",
        ModelFormat.Xz => "xz",
        ModelFormat.Lzma => "LZMA",
        ModelFormat.Zlib => "zlib",
        ModelFormat.Lz4 => "LZ4",
        ModelFormat.Npy => "NumPy .npy",
        ModelFormat.SafeTensors => "SafeTensors",
        ModelFormat.Gguf => "GGUF",
        ModelFormat.Onnx => "ONNX",
        ModelFormat.Hdf5 => "HDF5",
        ModelFormat.SavedModel => "TensorFlow SavedModel",
        ModelFormat.Code => "executable code",
        ModelFormat.KerasConfig => "Keras configuration",
        ModelFormat.KerasMetadata => "TF-Keras metadata",
        ModelFormat.SavedModelText => "TensorFlow SavedModel (text format)",
        _ => format.ToString(),
    };

    /// <summary>The formats a name's extension leads people to expect, or <c>null</c> when it says nothing.</summary>
    /// <param name="name">A file or member name.</param>
    /// <returns>The formats, or <c>null</c>.</returns>
    public static ImmutableArray<ModelFormat>? ExpectedFromExtension(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Length > 0 && ByExtension.TryGetValue(extension, out var formats) ? formats : null;
    }
}
