using System.Collections.Concurrent;
using System.Collections.Immutable;
using Rampart.IO;

namespace Rampart.ModelFiles;

/// <summary>
/// Scans model files and folders without loading them. Folders are walked recursively and every file is scanned,
/// whatever its extension; each file's format comes from its content.
/// </summary>
public sealed class ModelScanner
{
    private readonly ScanOptions _options;
    private readonly ImmutableArray<Glob> _include;
    private readonly ImmutableArray<Glob> _exclude;

    /// <summary>Creates a scanner.</summary>
    /// <param name="options">How to scan.</param>
    public ModelScanner(ScanOptions? options = null)
    {
        _options = options ?? ScanOptions.Default;
        _include = [.. _options.Include.Select(pattern => new Glob(pattern))];
        _exclude = [.. _options.Exclude.Select(pattern => new Glob(pattern))];
    }

    /// <summary>Scans files and folders.</summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="progress">Receives each file's report as it is done, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The report, files ordered by path.</returns>
    public async Task<ScanReport> ScanAsync(
        IReadOnlyList<string> paths, IProgress<FileScanReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var work = new List<(string FullPath, string Display, FileScanReport? Ready)>();
        foreach (var path in paths)
        {
            Collect(path, work);
        }

        var results = new ConcurrentBag<FileScanReport>();
        var companions = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken },
            (item, token) =>
            {
                var report = item.Ready ?? ScanFile(item.FullPath, item.Display, companions, token);
                results.Add(report);
                progress?.Report(report);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        var fullPaths = work.GroupBy(entry => entry.Display, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().FullPath, StringComparer.Ordinal);
        var files = results
            .Select(report => ApplyCompanion(report, fullPaths, companions))
            .OrderBy(report => report.Path, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ScanReport { Roots = [.. paths], Files = files, Strict = _options.Strict, Deep = _options.Deep };
    }

    /// <summary>Scans one file on disk.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="displayPath">How findings name it.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The file's report.</returns>
    public FileScanReport ScanFile(string fullPath, string displayPath, CancellationToken cancellationToken = default) =>
        ScanFile(fullPath, displayPath, companions: null, cancellationToken);

    /// <summary>Scans bytes in a stream as if they were a file of the given name.</summary>
    /// <param name="stream">Readable, seekable data.</param>
    /// <param name="name">The name findings use.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>The report.</returns>
    public FileScanReport ScanStream(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var location = new ScanLocation { Path = name };
        return Run(new ScanInput { Stream = stream, Location = location, Name = Path.GetFileName(name) }, location, null, cancellationToken);
    }

    private FileScanReport ScanFile(string fullPath, string displayPath, ConcurrentDictionary<string, string>? companions, CancellationToken cancellationToken)
    {
        var location = new ScanLocation { Path = displayPath };
        FileStream stream;
        try
        {
            if (SystemFiles.IsRegularFile(fullPath) == false)
            {
                return Unreadable(displayPath, location, "it is not a regular file (a device, pipe or socket)");
            }

            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return Unreadable(displayPath, location, error.Message);
        }

        using (stream)
        {
            if (stream.Length > _options.Limits.MaxFileBytes)
            {
                var session = new ScanSession(_options, cancellationToken, cancellationToken);
                session.Report(CoreScanRules.LimitReached, $"The file is larger than {_options.Limits.MaxFileBytes:N0} bytes (limit).", location);
                return Build(displayPath, stream.Length, [ModelFormat.Unknown], session);
            }

            var buffered = new BufferedStream(stream, 1 << 16);
            var input = new ScanInput { Stream = buffered, Location = location, Name = Path.GetFileName(fullPath), DiskPath = fullPath };
            return Run(input, location, companions, cancellationToken);
        }
    }

    private FileScanReport Run(ScanInput input, ScanLocation location, ConcurrentDictionary<string, string>? companions, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Limits.MaxTimePerFile <= TimeSpan.Zero)
        {
            timeout.Cancel();
        }
        else
        {
            timeout.CancelAfter(_options.Limits.MaxTimePerFile);
        }
        var session = new ScanSession(_options, cancellationToken, timeout.Token);
        try
        {
            session.Scan(input);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time limit passed; the session has reported it.
        }
        catch (IOException error)
        {
            session.Report(CoreScanRules.UnreadableFile, $"The file could not be read: {error.Message}", location);
        }

        if (companions is not null)
        {
            foreach (var (path, description) in session.Companions)
            {
                companions[path] = description;
            }
        }

        return Build(location.Path, input.Length, session.RootFormats.IsDefaultOrEmpty ? [ModelFormat.Unknown] : session.RootFormats, session);
    }

    private static FileScanReport Build(string path, long length, ImmutableArray<ModelFormat> formats, ScanSession session)
    {
        var findings = session.Findings.ToImmutableArray();
        if (session.DroppedFindings > 0)
        {
            findings = findings.Add(new ScanFinding
            {
                RuleId = CoreScanRules.TooManyFindings.Id,
                Verdict = CoreScanRules.TooManyFindings.Verdict,
                Severity = CoreScanRules.TooManyFindings.Severity,
                Message = $"{session.DroppedFindings:N0} more findings were counted but not kept.",
                Location = new ScanLocation { Path = path },
            });
        }

        return new FileScanReport
        {
            Path = path,
            Length = length,
            Verdict = FileScanReport.VerdictOf(findings),
            Formats = formats,
            Parts = [.. session.Parts],
            Findings = findings,
            DroppedFindings = session.DroppedFindings,
        };
    }

    private FileScanReport Unreadable(string displayPath, ScanLocation location, string reason)
    {
        var session = new ScanSession(_options, CancellationToken.None, CancellationToken.None);
        session.Report(CoreScanRules.UnreadableFile, $"'{displayPath}' cannot be scanned: {reason}.", location);
        return Build(displayPath, 0, [ModelFormat.Unknown], session);
    }

    private static FileScanReport ApplyCompanion(
        FileScanReport report, Dictionary<string, string> fullPaths, ConcurrentDictionary<string, string> companions)
    {
        // A file another scanned model refers to as raw data (ONNX external data, SavedModel variables) is that
        // model's data, not an unknown file: its unknown-format finding is replaced by the relation.
        if (companions.IsEmpty || !fullPaths.TryGetValue(report.Path, out var fullPath)
            || !companions.TryGetValue(Path.GetFullPath(fullPath), out var description))
        {
            return report;
        }

        var findings = report.Findings.Where(finding => finding.RuleId != CoreScanRules.UnknownFormat.Id).ToImmutableArray();
        return report with { CompanionOf = description, Findings = findings, Verdict = FileScanReport.VerdictOf(findings) };
    }

    private void Collect(string path, List<(string FullPath, string Display, FileScanReport? Ready)> work)
    {
        var display = path.Replace('\\', '/');
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            string root;
            try
            {
                root = SystemFiles.RealPath(full);
            }
            catch (IOException error)
            {
                work.Add((full, display, Unreadable(display, new ScanLocation { Path = display }, error.Message)));
                return;
            }

            Walk(root, root, display.TrimEnd('/'), work);
        }
        else
        {
            work.Add((full, display, null));
        }
    }

    private void Walk(string root, string directory, string displayRoot, List<(string FullPath, string Display, FileScanReport? Ready)> work)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal).ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var display = displayRoot + Relative(root, directory);
            work.Add((directory, display, Unreadable(display, new ScanLocation { Path = display }, error.Message)));
            return;
        }

        foreach (var entry in entries)
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            var display = $"{displayRoot}/{relative}";
            var isDirectory = entry is DirectoryInfo;
            if (_exclude.Any(glob => glob.IsMatch(relative)))
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                string? target = null;
                try
                {
                    target = SystemFiles.RealPath(entry.FullName);
                }
                catch (IOException)
                {
                }

                if (target is null || !(File.Exists(target) || Directory.Exists(target)) || !SystemFiles.IsInside(target, root))
                {
                    if (Included(relative))
                    {
                        var session = new ScanSession(_options, CancellationToken.None, CancellationToken.None);
                        session.Report(
                            CoreScanRules.LinkOutside,
                            $"'{display}' is a symbolic link to '{entry.LinkTarget}', {(target is null ? "which cannot be resolved" : "outside the folder scanned")}; what it leads to was not scanned.",
                            new ScanLocation { Path = display },
                            evidence: [new("target", entry.LinkTarget)]);
                        work.Add((entry.FullName, display, Build(display, 0, [ModelFormat.Unknown], session)));
                    }
                }

                // A link inside the folder leads to something scanned on its own.
                continue;
            }

            if (isDirectory)
            {
                Walk(root, entry.FullName, displayRoot, work);
            }
            else if (Included(relative))
            {
                work.Add((entry.FullName, display, null));
            }
        }
    }

    private bool Included(string relative) => _include.IsEmpty || _include.Any(glob => glob.IsMatch(relative));

    private static string Relative(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        return relative == "." ? string.Empty : "/" + relative;
    }
}
