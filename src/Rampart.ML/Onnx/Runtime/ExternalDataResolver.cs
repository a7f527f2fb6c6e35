using System.Globalization;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>
/// Reads tensor data stored beside a model (TensorProto.data_location = EXTERNAL). Locations are resolved only inside
/// the model's folder: absolute paths, <c>..</c> segments and symbolic links that lead outside are refused, and the
/// offset and length must lie inside the file.
/// </summary>
internal sealed class ExternalDataResolver
{
    private readonly string _root;

    public ExternalDataResolver(string modelFolder)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder));
        var rootInfo = new DirectoryInfo(_root);
        if (rootInfo.LinkTarget is not null && rootInfo.ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            _root = Path.TrimEndingDirectorySeparator(target.FullName);
        }
    }

    public byte[] Read(List<KeyValuePair<string, string>> entries, long expectedBytes, string context)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var (key, value) in entries)
        {
            switch (key)
            {
                case "location":
                    location = value;
                    break;
                case "offset":
                    offset = ParseNumber(value, "offset", context);
                    break;
                case "length":
                    length = ParseNumber(value, "length", context);
                    break;
                default:
                    break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw Unsafe($"{context} stores its data externally but names no 'location'.");
        }

        var full = Resolve(location, context);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw Unsafe($"{context} refers to external data file '{location}', which does not exist in the model's folder.");
        }

        var available = info.Length;
        var size = length ?? (available - offset);
        if (offset > available || size > available - offset)
        {
            throw Unsafe($"{context} reads {size} bytes at offset {offset} from '{location}', which has only {available} bytes.");
        }

        if (size != expectedBytes)
        {
            throw new OnnxFormatException(OnnxErrorKind.Malformed, $"{context} needs {expectedBytes} bytes of external data but its entry gives {size}.");
        }

        var buffer = new byte[size];
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        return buffer;
    }

    private string Resolve(string location, string context)
    {
        if (Path.IsPathRooted(location) || location.Contains(':', StringComparison.Ordinal))
        {
            throw Unsafe($"{context} uses an absolute external data location '{location}'; only paths inside the model's folder are allowed.");
        }

        var segments = location.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is ".." or "."))
        {
            throw Unsafe($"{context} uses external data location '{location}' with '.' or '..' segments; only plain paths inside the model's folder are allowed.");
        }

        var current = _root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !IsInside(Path.GetFullPath(target.FullName)))
                {
                    throw Unsafe($"{context} reaches external data '{location}' through a symbolic link that leaves the model's folder.");
                }
            }
        }

        var full = Path.GetFullPath(current);
        if (!IsInside(full))
        {
            throw Unsafe($"{context} external data location '{location}' leaves the model's folder.");
        }

        return full;
    }

    private bool IsInside(string full) =>
        full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static long ParseNumber(string value, string key, string context) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new OnnxFormatException(OnnxErrorKind.Malformed, $"{context} has external data '{key}' = '{value}', not a non-negative integer.");

    private static OnnxFormatException Unsafe(string message) => new(OnnxErrorKind.UnsafeExternalData, message);
}
