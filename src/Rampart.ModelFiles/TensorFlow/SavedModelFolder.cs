using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>
/// Checks the folder of a <c>saved_model.pb</c> read from disk: claims the variable shards, the variables index and
/// the fingerprint as the model's raw data (so a folder scan does not call them unknown), checks the index's table
/// footer, and reports executable files among the SavedModel's files.
/// </summary>
internal static partial class SavedModelFolder
{
    /// <summary>The LevelDB-style table magic number that ends a TensorFlow table file (little-endian).</summary>
    public const ulong TableMagic = 0xdb4775248b80fb57UL;

    /// <summary>A table footer: two block handles padded to 40 bytes, then the 8-byte magic number.</summary>
    public const int TableFooterBytes = 48;

    private const int MaxEntries = 10_000;
    private const int MaxFolderDepth = 4;

    /// <summary>Checks the folder.</summary>
    /// <param name="diskPath">The <c>saved_model.pb</c> file.</param>
    /// <param name="input">The input, for locations.</param>
    /// <param name="session">Where findings and companions go.</param>
    public static void Check(string diskPath, ScanInput input, ScanSession session)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(diskPath));
        if (folder is null)
        {
            return;
        }

        var seen = 0;
        foreach (var file in Files(folder, folder, 0, ref seen))
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            if (relative is "saved_model.pb" or "keras_metadata.pb" or "saved_model.pbtxt")
            {
                continue;
            }

            if (relative == "fingerprint.pb")
            {
                session.ClaimCompanion(file, "fingerprint of saved_model.pb");
            }
            else if (relative == "variables/variables.index")
            {
                session.ClaimCompanion(file, "variables of saved_model.pb");
                CheckIndex(file, relative, input, session);
            }
            else if (VariablesShard().IsMatch(relative))
            {
                session.ClaimCompanion(file, "variables of saved_model.pb");
            }
            else if (IsExecutable(file))
            {
                session.Report(
                    CoreScanRules.ExecutableCode,
                    $"The SavedModel folder holds '{relative}', which is executable code (Python source or bytecode, or a native binary); loaders of custom operators or assets may run it.",
                    input.Location.AtNode(relative),
                    evidence: [new("file", relative)]);
            }
        }
    }

    private static void CheckIndex(string file, string relative, ScanInput input, ScanSession session)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
            if (stream.Length < TableFooterBytes)
            {
                session.Report(
                    TensorFlowRules.VariablesMalformed,
                    $"'{relative}' has {stream.Length:N0} bytes, fewer than a table footer's {TableFooterBytes}.",
                    input.Location.AtNode(relative));
                return;
            }

            Span<byte> magic = stackalloc byte[8];
            stream.Position = stream.Length - 8;
            stream.ReadExactly(magic);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(magic);
            if (value != TableMagic)
            {
                session.Report(
                    TensorFlowRules.VariablesMalformed,
                    $"'{relative}' does not end with the TensorFlow table magic number (found 0x{value:x16}).",
                    input.Location.AtNode(relative),
                    evidence: [new("magic", $"0x{value:x16}")]);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            session.Report(CoreScanRules.UnreadableFile, $"'{relative}' could not be read: {error.Message}", input.Location.AtNode(relative));
        }
    }

    private static bool IsExecutable(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            return FormatSniffer.Sniff(stream, Path.GetFileName(file)).Contains(ModelFormat.Code);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static List<string> Files(string root, string folder, int depth, ref int seen)
    {
        var files = new List<string>();
        if (depth > MaxFolderDepth)
        {
            return files;
        }

        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return files;
        }

        foreach (var entry in entries)
        {
            // Links are the folder walker's business (it checks where they lead); the model's own files are not links.
            if (++seen > MaxEntries || entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo)
            {
                files.AddRange(Files(root, entry.FullName, depth + 1, ref seen));
            }
            else
            {
                files.Add(entry.FullName);
            }
        }

        return files;
    }

    [GeneratedRegex(@"^variables/variables\.data-\d{5}-of-\d{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariablesShard();
}
