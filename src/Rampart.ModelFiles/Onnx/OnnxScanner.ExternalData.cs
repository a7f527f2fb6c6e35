using System.Globalization;
using Rampart.IO;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Onnx;

/// <summary>External data checks: the path must stay in the model folder, the file must hold the declared range.</summary>
internal sealed partial class OnnxScanner
{
    private static readonly HashSet<string> ExternalDataKeys = new(StringComparer.Ordinal) { "location", "offset", "length", "checksum" };

    private sealed partial class Run
    {
        private void CheckExternalData(TensorSummary tensor, string label, ScanLocation location, long? expected)
        {
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in tensor.ExternalData)
            {
                if (!ExternalDataKeys.Contains(key))
                {
                    var dunder = key.StartsWith("__", StringComparison.Ordinal) || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
                    session.Report(
                        OnnxRules.ExternalDataKey,
                        $"Tensor '{label}' has the external_data key '{key}'; onnx sets it as an attribute with setattr{(dunder ? ", overwriting internals" : string.Empty)}.",
                        location,
                        subject: key,
                        severity: dunder ? Rampart.Checks.Severity.High : null,
                        verdict: dunder ? FileVerdict.Dangerous : null);
                }

                entries[key] = value;
            }

            if (!entries.TryGetValue("location", out var path) || path.Length == 0)
            {
                session.Report(OnnxRules.ExternalDataInvalid, $"Tensor '{label}' has external data without a location.", location);
                return;
            }

            var evidence = new KeyValuePair<string, string>("location", path);
            if (PathProblem(path) is { } problem)
            {
                session.Report(
                    OnnxRules.ExternalDataTraversal,
                    $"Tensor '{label}' reads external data from '{path}', {problem.Reason}.",
                    location,
                    subject: path,
                    evidence: [evidence],
                    severity: problem.Escapes ? null : Rampart.Checks.Severity.Medium,
                    verdict: problem.Escapes ? null : FileVerdict.Suspicious);
                if (problem.Escapes)
                {
                    return;
                }
            }

            if (!TryParseNumber(entries, "offset", out var offset) || !TryParseNumber(entries, "length", out var length))
            {
                session.Report(
                    OnnxRules.ExternalDataInvalid,
                    $"Tensor '{label}' has an external data offset or length that is not a non-negative whole number.",
                    location,
                    evidence: [evidence]);
                return;
            }

            if (input.DiskPath is null)
            {
                session.Report(
                    OnnxRules.ExternalDataUnscannable,
                    $"Tensor '{label}' keeps its data in '{path}', which cannot be checked because the model is not a file on disk.",
                    location,
                    evidence: [evidence]);
                return;
            }

            CheckExternalFile(label, location, path, offset, length, expected, evidence, OnnxDataTypes.Float(tensor.DataType), entries.GetValueOrDefault("checksum"));
        }

        private void CheckExternalFile(
            string label, ScanLocation location, string path, long? offset, long? length, long? expected, KeyValuePair<string, string> evidence, FloatKind? kind, string? checksum)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(input.DiskPath!))!;
            var full = Path.GetFullPath(Path.Combine(folder, path.Replace('\\', '/')));
            string realFolder, real;
            try
            {
                realFolder = SystemFiles.RealPath(folder);
                real = SystemFiles.RealPath(full);
            }
            catch (IOException error)
            {
                session.Report(OnnxRules.ExternalDataInvalid, $"Tensor '{label}' reads external data from '{path}', which cannot be resolved ({error.Message}).", location, evidence: [evidence]);
                return;
            }

            if (!SystemFiles.IsInside(real, realFolder))
            {
                session.Report(
                    OnnxRules.ExternalDataTraversal,
                    $"Tensor '{label}' reads external data from '{path}', a symbolic link whose real path '{real}' is outside the model folder.",
                    location,
                    subject: path,
                    evidence: [evidence, new("real_path", real)]);
                return;
            }

            var problem = Directory.Exists(real) ? "is a folder"
                : !File.Exists(real) ? "does not exist"
                : SystemFiles.IsRegularFile(real) == false ? "is not a regular file (a device, pipe or socket)"
                : null;
            if (problem is not null)
            {
                session.Report(OnnxRules.ExternalDataInvalid, $"Tensor '{label}' reads external data from '{path}', which {problem}.", location, evidence: [evidence]);
                return;
            }

            var links = SystemFiles.LinkCount(real);
            if (links is null or > 1)
            {
                session.Report(
                    OnnxRules.ExternalDataHardLink,
                    links is null
                        ? $"Tensor '{label}' reads external data from '{path}', whose hard link count cannot be read on this platform."
                        : $"Tensor '{label}' reads external data from '{path}', which has {links} hard links and may be a file outside the model folder.",
                    location,
                    subject: path,
                    evidence: [evidence],
                    severity: links is null ? Rampart.Checks.Severity.Info : null,
                    verdict: links is null ? FileVerdict.Info : null);
            }

            var size = new FileInfo(real).Length;
            var start = offset ?? 0;
            var available = size - start;
            var take = length ?? available;
            string? range = start > size ? $"starts at byte {start:N0}, past the end of the {size:N0}-byte file"
                : take > available ? $"needs {take:N0} bytes from byte {start:N0}, past the end of the {size:N0}-byte file"
                : expected is { } need && take != need ? $"holds {take:N0} bytes but the tensor needs {need:N0}"
                : null;
            if (range is not null)
            {
                session.Report(OnnxRules.ExternalDataInvalid, $"Tensor '{label}' reads external data from '{path}', which {range}.", location, evidence: [evidence]);
                return;
            }

            if (session.Options.Deep && checksum is not null && !string.Equals(Sha1Of(real), checksum.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                session.Report(
                    OnnxRules.ExternalDataInvalid,
                    $"Tensor '{label}' reads external data from '{path}', whose SHA-1 does not match the checksum {checksum}.",
                    location,
                    evidence: [evidence, new("sha1", Sha1Of(real))]);
                return;
            }

            session.ClaimCompanion(full, $"external data of {input.Name}");
            if (session.Options.Deep && kind is { } floats && take > 0)
            {
                using var file = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                ReportValues(label, location, FloatValues.Count(file, start, take, floats, bigEndian: false, session.CancellationToken));
            }
        }

        private string Sha1Of(string real)
        {
            if (!_checksums.TryGetValue(real, out var digest))
            {
                using var file = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
#pragma warning disable CA5350 // onnx defines the external data checksum as SHA-1; it is compared, not trusted.
                digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(file));
#pragma warning restore CA5350
                _checksums[real] = digest;
            }

            return digest;
        }

        private static (string Reason, bool Escapes)? PathProblem(string path)
        {
            if (path.Contains('\0', StringComparison.Ordinal))
            {
                return ("which contains a NUL character", true);
            }

            if (path.StartsWith('/') || path.StartsWith('\\'))
            {
                return ("an absolute path", true);
            }

            if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
            {
                return ("a path with a drive letter", true);
            }

            var depth = 0;
            var dots = false;
            foreach (var part in path.Split('/', '\\'))
            {
                if (part == "..")
                {
                    dots = true;
                    if (--depth < 0)
                    {
                        return ("which climbs out of the model folder", true);
                    }
                }
                else if (part is not ("" or "."))
                {
                    depth++;
                }
            }

            return dots ? ("which contains '..', refused by current onnx", false)
                : path.Contains('\\', StringComparison.Ordinal) ? ("which contains backslashes, folder separators on Windows only", false)
                : null;
        }

        private static bool TryParseNumber(Dictionary<string, string> entries, string key, out long? value)
        {
            value = null;
            if (!entries.TryGetValue(key, out var text))
            {
                return true;
            }

            if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= 0)
            {
                value = number;
                return true;
            }

            return false;
        }
    }
}
