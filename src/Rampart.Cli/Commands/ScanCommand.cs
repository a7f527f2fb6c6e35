using System.CommandLine;
using Rampart.Engine;
using Rampart.Ledger.Events;
using Rampart.ModelFiles;
using Rampart.Reporting;
using Rampart.Reporting.Scan;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart scan PATH...</c>: tells whether model files are safe to load, without loading them.</summary>
internal static class ScanCommand
{
    private static readonly Argument<string[]> Paths = new("path") { Description = "Files and folders to scan (folders recursively, every file whatever its extension).", Arity = ArgumentArity.OneOrMore };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Report format on stdout.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "sarif");

    private static readonly Option<bool> Strict = new("--strict") { Description = "Default-deny: unknown pickle globals, operators and custom objects are dangerous, not suspicious." };

    private static readonly Option<string> FailOn = new Option<string>("--fail-on")
    {
        Description = "Exit 2 when a finding is at or above this severity (default high: dangerous, malformed and unscannable files fail; suspicious ones do not).",
        DefaultValueFactory = _ => "high",
    }.AcceptOnlyFromAmong("info", "low", "medium", "high", "critical");

    private static readonly Option<string[]> Include = new("--include") { Description = "Only scan files whose path (relative to the folder) matches a glob (*, **, ?); a pattern without / matches the name.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<string[]> Exclude = new("--exclude") { Description = "Skip files and folders matching a glob.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<string[]> Allow = new("--allow-global") { Description = "Treat this pickle global (module.name) as safe, after review.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<bool> Deep = new("--deep") { Description = "Also read tensor values (NaN, infinities, extreme values); slower on big files." };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Also write scan.json and scan.sarif into this folder." };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr." };

    private static readonly Option<string?> Manifest = LedgerRecorder.ManifestOption();

    public static Command Create(CliContext context)
    {
        var command = new Command("scan", "Scan model files (pickle, PyTorch, joblib, NumPy, ONNX, SafeTensors, GGUF, Keras, SavedModel, archives) without loading them.")
        {
            Paths, Format, Strict, FailOn, Include, Exclude, Allow, Deep, Output, Quiet, Manifest,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var paths = parse.GetValue(Paths)!;
        var missing = paths.Where(path => !File.Exists(path) && !Directory.Exists(path) && new FileInfo(path).LinkTarget is null).ToList();
        if (missing.Count > 0)
        {
            return context.UsageError(string.Join(Environment.NewLine, missing.Select(path => $"'{path}' does not exist; nothing was scanned.")));
        }

        var ledger = LedgerRecorder.Find(context, parse.GetValue(Manifest), paths[0], out var ledgerError);
        if (ledgerError is not null)
        {
            return context.UsageError($"{ledgerError} Nothing was scanned.");
        }

        ModelScanner scanner;
        try
        {
            var options = new ScanOptions
            {
                Strict = parse.GetValue(Strict),
                Deep = parse.GetValue(Deep),
                Include = [.. parse.GetValue(Include) ?? []],
                Exclude = [.. parse.GetValue(Exclude) ?? []],
                AllowGlobals = [.. parse.GetValue(Allow) ?? []],
            };
            scanner = new ModelScanner(options);
        }
        catch (ArgumentException ex)
        {
            return context.UsageError($"--include/--exclude: {ex.Message}");
        }

        var quiet = parse.GetValue(Quiet);
        var progress = quiet ? null : new Progress(context.Error);
        var report = await scanner.ScanAsync(paths, progress, cancellationToken).ConfigureAwait(false);
        var format = Enum.Parse<ScanReportFormat>(parse.GetValue(Format)!, ignoreCase: true);
        await context.Out.WriteAsync(ScanReportWriters.Render(report, format, AssessmentEngine.ToolVersion)).ConfigureAwait(false);

        if (parse.GetValue(Output) is { } output)
        {
            foreach (var (each, name) in new[] { (ScanReportFormat.Json, "scan.json"), (ScanReportFormat.Sarif, "scan.sarif") })
            {
                if (!await AtomicFile.TryWriteAsync(context, Path.Combine(output, name), System.Text.Encoding.UTF8.GetBytes(ScanReportWriters.Render(report, each, AssessmentEngine.ToolVersion)), cancellationToken).ConfigureAwait(false))
                {
                    return ExitCodes.ToolError;
                }
            }
        }

        if (ledger is not null && !await RecordAsync(context, ledger, paths, report, cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        _ = Severities.TryParse(parse.GetValue(FailOn), out var failOn);
        var scannerFailed = report.Files.SelectMany(file => file.Findings).Any(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id);
        return scannerFailed ? ExitCodes.ToolError
            : ScanReportWriters.WorstSeverity(report) is { } worst && worst >= failOn ? ExitCodes.PolicyFailure
            : ExitCodes.Ok;
    }

    private static async Task<bool> RecordAsync(CliContext context, LedgerTarget ledger, string[] paths, ScanReport report, CancellationToken cancellationToken)
    {
        var subjects = new List<EventSubject>();
        try
        {
            foreach (var path in paths.Distinct(StringComparer.Ordinal).Take(LedgerEvent.MaxSubjects))
            {
                subjects.Add(await LedgerRecorder.SubjectAsync(ledger, path, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: not recorded in the ledger '{ledger.LedgerPath}': cannot hash what was scanned: {ex.Message}");
            return false;
        }

        var details = new Dictionary<string, DetailValue>(StringComparer.Ordinal)
        {
            ["verdict"] = DetailValue.Of(ScanReportWriters.VerdictName(report.Verdict)),
            ["findings"] = DetailValue.Of(report.Files.Sum(file => file.Findings.Length)),
            ["files"] = DetailValue.Of(report.Files.Length),
        };
        return await LedgerRecorder.RecordAsync(context, ledger, EventKind.ModelScanned, subjects, details, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Progress(TextWriter error) : IProgress<FileScanReport>
    {
        private readonly Lock _gate = new();
        private int _done;

        public void Report(FileScanReport value)
        {
            lock (_gate)
            {
                _done++;
                error.WriteLine($"[{_done}] {value.Path}: {ScanReportWriters.VerdictName(value.Verdict)}");
            }
        }
    }
}
