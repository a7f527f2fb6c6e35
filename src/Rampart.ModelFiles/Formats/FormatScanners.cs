using System.Collections.Frozen;
using Rampart.ModelFiles.Archives;
using Rampart.ModelFiles.Pickle;

namespace Rampart.ModelFiles.Formats;

/// <summary>The format scanners, by format. A format without a scanner is reported unsupported (never clean).</summary>
public static class FormatScanners
{
    private static readonly IFormatScanner[] All =
    [
        new Keras.KerasConfigScanner(),
        new Keras.KerasMetadataScanner(),
        new Keras.Hdf5Scanner(),
        new TensorFlow.SavedModelScanner(),
        new ZipScanner(),
        new TarScanner(),
        new SevenZipScanner(),
        new CompressedStreamScanner(ModelFormat.Gzip),
        new CompressedStreamScanner(ModelFormat.Zlib),
        new CompressedStreamScanner(ModelFormat.Bzip2),
        new CompressedStreamScanner(ModelFormat.Xz),
        new CompressedStreamScanner(ModelFormat.Lzma),
        new CompressedStreamScanner(ModelFormat.Lz4),
        new Gguf.GgufScanner(),
        new NumPy.NpyScanner(),
        new Onnx.OnnxScanner(),
        new SafeTensors.SafeTensorsScanner(),
        new PickleScanner(),
    ];

    private static readonly FrozenDictionary<ModelFormat, IFormatScanner> ByFormat =
        All.SelectMany(scanner => scanner.Formats.Select(format => KeyValuePair.Create(format, scanner))).ToFrozenDictionary();

    /// <summary>Every scanner.</summary>
    public static IReadOnlyList<IFormatScanner> Scanners => All;

    /// <summary>The scanner for a format, or <c>null</c>.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The scanner, or <c>null</c>.</returns>
    public static IFormatScanner? Find(ModelFormat format) => ByFormat.GetValueOrDefault(format);
}
