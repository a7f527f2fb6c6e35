using System.Collections.Immutable;
using Rampart.Checks;
using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles;

/// <summary>One part of a file that was analysed: the file itself, an archive member, an unpacked stream.</summary>
/// <param name="Location">Where the part is.</param>
/// <param name="Format">The format it was analysed as.</param>
/// <param name="Length">Its length in bytes.</param>
public sealed record ScannedPart(ScanLocation Location, ModelFormat Format, long Length)
{
    /// <summary>
    /// What the part is to its container when it was recorded without being scanned (for example <c>tensor data</c>
    /// for raw PyTorch storages, which no loader interprets), or <c>null</c> for a part that was scanned.
    /// </summary>
    public string? Role { get; init; }
}

/// <summary>
/// The state of scanning one file: options, limits, findings so far, and the way format scanners hand nested data
/// (archive members, unpacked streams, embedded pickles) back for sniffing and scanning. Not thread-safe: one file is
/// scanned on one thread.
/// </summary>
public sealed class ScanSession
{
    private readonly List<ScanFinding> _findings = [];
    private readonly List<ScannedPart> _parts = [];
    private readonly Dictionary<string, string> _companions = new(StringComparer.Ordinal);
    private readonly CancellationToken _userToken;
    private long _decompressed;
    private bool _timedOut;

    internal ScanSession(ScanOptions options, CancellationToken userToken, CancellationToken timeoutToken)
    {
        Options = options;
        _userToken = userToken;
        CancellationToken = timeoutToken;
    }

    /// <summary>The options.</summary>
    public ScanOptions Options { get; }

    /// <summary>The limits (shortcut for <c>Options.Limits</c>).</summary>
    public ScanLimits Limits => Options.Limits;

    /// <summary>Cancelled when the user cancels or the file's time limit passes; check it in long loops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Findings so far.</summary>
    public IReadOnlyList<ScanFinding> Findings => _findings;

    /// <summary>Findings beyond <see cref="ScanLimits.MaxFindingsPerFile"/>, counted only.</summary>
    public int DroppedFindings { get; private set; }

    /// <summary>The formats sniffed for the file itself (depth 0), or default before the first <see cref="Scan"/>.</summary>
    public ImmutableArray<ModelFormat> RootFormats { get; private set; }

    /// <summary>Parts analysed so far.</summary>
    public IReadOnlyList<ScannedPart> Parts => _parts;

    /// <summary>Files on disk this file legitimately refers to (ONNX external data, SavedModel variables), with a description.</summary>
    public IReadOnlyDictionary<string, string> Companions => _companions;

    /// <summary>Records a finding.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="message">What was found.</param>
    /// <param name="location">Where.</param>
    /// <param name="subject">The callable or operator, or <c>null</c>.</param>
    /// <param name="evidence">Supporting facts, or <c>null</c>.</param>
    /// <param name="severity">A severity other than the rule's, or <c>null</c>.</param>
    /// <param name="verdict">A verdict other than the rule's, or <c>null</c>.</param>
    public void Report(
        ScanRule rule,
        string message,
        ScanLocation location,
        string? subject = null,
        IEnumerable<KeyValuePair<string, string>>? evidence = null,
        Severity? severity = null,
        FileVerdict? verdict = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (_findings.Count >= Limits.MaxFindingsPerFile)
        {
            DroppedFindings++;
            return;
        }

        _findings.Add(new ScanFinding
        {
            RuleId = rule.Id,
            Verdict = verdict ?? rule.Verdict,
            Severity = severity ?? rule.Severity,
            Message = message,
            Subject = subject,
            Location = location,
            Evidence = evidence is null
                ? ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal)
                : ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, evidence),
        });
    }

    /// <summary>
    /// Records a part that was identified but deliberately not scanned, such as raw tensor bytes that a loader copies
    /// into memory without interpreting them. Give the part a <see cref="ScannedPart.Role"/>.
    /// </summary>
    /// <param name="part">The part.</param>
    public void RecordPart(ScannedPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        _parts.Add(part);
    }

    /// <summary>Records that a file on disk is data this file refers to, so that a folder scan does not call it unknown.</summary>
    /// <param name="diskPath">The companion's full path.</param>
    /// <param name="description">What it is, for example <c>external data of model.onnx</c>.</param>
    public void ClaimCompanion(string diskPath, string description) =>
        _companions[Path.GetFullPath(diskPath)] = description;

    /// <summary>Adds unpacked bytes to the file's total and enforces <see cref="ScanLimits.MaxTotalDecompressedBytes"/>.</summary>
    /// <param name="bytes">Bytes unpacked.</param>
    /// <exception cref="ScanLimitException">The total is beyond the limit.</exception>
    public void CountDecompressed(long bytes)
    {
        _decompressed += bytes;
        if (_decompressed > Limits.MaxTotalDecompressedBytes)
        {
            throw new ScanLimitException(
                $"Unpacking produced more than {Limits.MaxTotalDecompressedBytes:N0} bytes in total (limit).");
        }
    }

    /// <summary>
    /// Sniffs the input's format(s) and scans each interpretation. Errors are contained: a malformed or unscannable
    /// member becomes a finding and the caller continues with the next member.
    /// </summary>
    /// <param name="input">The data.</param>
    public void Scan(ScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Depth > Limits.MaxDepth)
        {
            Report(CoreScanRules.LimitReached, $"Nesting deeper than {Limits.MaxDepth} levels (limit); the content was not scanned.", input.Location);
            return;
        }

        ImmutableArray<ModelFormat> formats;
        try
        {
            formats = FormatSniffer.Sniff(input.Stream, input.Name);
        }
        catch (IOException error)
        {
            Report(CoreScanRules.UnreadableFile, $"The data could not be read: {error.Message}", input.Location);
            return;
        }

        if (input.Depth == 0 && RootFormats.IsDefault)
        {
            RootFormats = formats;
        }

        if (formats.Length > 1)
        {
            Report(
                CoreScanRules.Polyglot,
                $"The content is valid as {string.Join(" and ", formats.Select(FormatNames.Display))}; every interpretation was scanned.",
                input.Location,
                evidence: [new("formats", string.Join(",", formats.Select(FormatNames.Id)))]);
        }

        if (FormatNames.ExpectedFromExtension(input.Name) is { } expected && !expected.Intersect(formats).Any())
        {
            Report(
                CoreScanRules.MisleadingExtension,
                $"The name '{input.Name}' suggests {string.Join(" or ", expected.Select(FormatNames.Display))} but the content is {FormatNames.Display(formats[0])}.",
                input.Location,
                evidence: [new("content", FormatNames.Id(formats[0]))]);
        }

        foreach (var format in formats)
        {
            ScanAs(input, format);
        }
    }

    /// <summary>Scans the input as a known format, containing errors as <see cref="Scan"/> does.</summary>
    /// <param name="input">The data.</param>
    /// <param name="format">The format.</param>
    public void ScanAs(ScanInput input, ModelFormat format)
    {
        ArgumentNullException.ThrowIfNull(input);
        _parts.Add(new ScannedPart(input.Location, format, input.Length));
        var scanner = FormatScanners.Find(format);
        if (scanner is null)
        {
            ReportWithoutScanner(input, format);
            return;
        }

        try
        {
            input.Stream.Position = 0;
            scanner.Scan(input, this);
        }
        catch (MalformedFileException error)
        {
            var rule = ScanRules.Find(error.RuleId) ?? CoreScanRules.Truncated;
            var location = input.Location;
            location = error.Offset is { } offset ? location.At(offset) : location;
            location = error.Node is { } node ? location.AtNode(node) : location;
            Report(rule, error.Message, location);
        }
        catch (ScanLimitException error)
        {
            Report(CoreScanRules.LimitReached, error.Message, error.Offset is { } offset ? input.Location.At(offset) : input.Location);
        }
        catch (OperationCanceledException) when (!_userToken.IsCancellationRequested)
        {
            if (_timedOut)
            {
                throw;
            }

            _timedOut = true;
            Report(
                CoreScanRules.LimitReached,
                $"The scan took longer than {Limits.MaxTimePerFile.TotalSeconds:0} s (limit); the rest of the file was not analysed.",
                input.Location);
            throw;
        }
        catch (EndOfStreamException)
        {
            Report(CoreScanRules.Truncated, $"The data ends early: it is truncated as {FormatNames.Display(format)}.", input.Location.At(input.Length));
        }
        catch (IOException error)
        {
            Report(CoreScanRules.UnreadableFile, $"The data could not be read: {error.Message}", input.Location);
        }
        catch (Exception error) when (error is not OperationCanceledException and not OutOfMemoryException)
        {
            Report(
                CoreScanRules.ScannerFailure,
                $"The {FormatNames.Display(format)} scanner failed ({error.GetType().Name}: {error.Message}); the file is not shown safe.",
                input.Location);
        }
    }

    private void ReportWithoutScanner(ScanInput input, ModelFormat format)
    {
        switch (format)
        {
            case ModelFormat.Empty:
                Report(CoreScanRules.EmptyFile, "The file is empty.", input.Location);
                break;
            case ModelFormat.Text:
                break;
            case ModelFormat.Code:
                Report(CoreScanRules.ExecutableCode, $"'{input.Name}' is executable code (Python source or bytecode, or a native binary).", input.Location);
                break;
            case ModelFormat.Unknown:
                Report(CoreScanRules.UnknownFormat, "The content matches no format Rampart knows; it cannot be shown safe.", input.Location);
                break;
            default:
                Report(CoreScanRules.UnsupportedFormat, $"{FormatNames.Display(format)} content is recognised but not analysed by this version of Rampart.", input.Location);
                break;
        }
    }
}
