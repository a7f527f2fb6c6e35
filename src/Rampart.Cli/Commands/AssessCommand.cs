using System.CommandLine;
using Rampart.Assessments;
using Rampart.Checks;
using Rampart.Engine;
using Rampart.Ledger.Events;
using Rampart.Manifest;
using Rampart.Reporting;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart assess &lt;folder&gt;</c>: the main job.</summary>
internal static class AssessCommand
{
    private static readonly Argument<string> Folder = new("folder") { Description = "The AI system's folder (holding rampart.yaml), or the manifest file." };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Report format on stdout.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "sarif", "markdown", "html");

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "Also write report.json, report.sarif, report.md and report.html into this folder." };

    private static readonly Option<string?> FailOn = new Option<string?>("--fail-on")
    {
        Description = "Exit 2 when a finding is at or above this severity (default: the manifest's policy.fail_on, else high).",
    }.AcceptOnlyFromAmong("info", "low", "medium", "high", "critical");

    private static readonly Option<string?> Gate = new("--gate") { Description = "Decide whether the system may move to this stage; exit 2 when refused." };

    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for every randomised check.", DefaultValueFactory = _ => 42 };

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr." };

    public static Command Create(CliContext context)
    {
        var command = new Command("assess", "Assess an AI system: run every applicable check, build the risk register and requirement coverage, write reports.")
        {
            Folder, Format, Output, FailOn, Gate, Seed, Quiet,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var catalogue = context.Catalogue;
        var gate = parse.GetValue(Gate);
        if (gate is not null && catalogue.FindStage(gate) is null)
        {
            return context.UsageError($"--gate: unknown stage '{gate}'; stages are {string.Join(", ", catalogue.Stages.Select(s => s.Id))}.{Diagnostics.Suggestions.DidYouMean(gate, catalogue.Stages.Select(s => s.Id))}");
        }

        var read = ManifestReader.ReadPath(parse.GetValue(Folder)!, catalogue);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the manifest; nothing was assessed");
        }

        var ledger = LedgerRecorder.Target(read.Value!, out var ledgerError);
        if (ledgerError is not null)
        {
            return context.UsageError($"{ledgerError} Nothing was assessed.");
        }

        Severity? failOn = Severities.TryParse(parse.GetValue(FailOn), out var severity) ? severity : null;
        var engine = new AssessmentEngine(catalogue, context.Checks);
        var options = new AssessmentOptions
        {
            Time = context.Time,
            Seed = parse.GetValue(Seed),
            GateStage = gate,
            FailOn = failOn,
            Progress = parse.GetValue(Quiet) ? null : new ConsoleProgress(context.Error),
        };
        var assessment = await engine.RunAsync(read.Value!, options, cancellationToken).ConfigureAwait(false);

        foreach (var note in assessment.Notifications)
        {
            context.Error.WriteLine($"tool error: check {note.CheckId} failed ({note.ExceptionType}): {note.Message}");
        }

        var format = Enum.Parse<ReportFormat>(parse.GetValue(Format)!, ignoreCase: true);
        await context.Out.WriteAsync(ReportWriters.Render(assessment, catalogue, format)).ConfigureAwait(false);

        if (parse.GetValue(Output) is { } output)
        {
            try
            {
                foreach (var each in new[] { ReportFormat.Json, ReportFormat.Sarif, ReportFormat.Markdown, ReportFormat.Html })
                {
                    var path = Path.Combine(output, ReportWriters.FileName(each)!);
                    await AtomicFile.WriteAsync(path, ReportWriters.Render(assessment, catalogue, each), cancellationToken).ConfigureAwait(false);
                }

                context.Error.WriteLine($"Reports written to {output}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"error: cannot write reports to '{output}': {ex.Message}");
                return ExitCodes.ToolError;
            }
        }

        if (ledger is not null && !await RecordAsync(context, ledger, assessment, cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        // An assessment with a crashed check is incomplete: that is a tool error even when the policy also failed.
        return !assessment.Notifications.IsEmpty ? ExitCodes.ToolError
            : assessment.PolicyFailed ? ExitCodes.PolicyFailure
            : ExitCodes.Ok;
    }

    private static Task<bool> RecordAsync(CliContext context, LedgerTarget ledger, Assessment assessment, CancellationToken cancellationToken)
    {
        var manifest = ledger.Manifest;
        var subject = new EventSubject(ledger.NameOf(Path.GetFullPath(manifest.FilePath)), assessment.System.ManifestSha256);
        var details = new Dictionary<string, DetailValue>(StringComparer.Ordinal)
        {
            ["passed"] = DetailValue.Of(!assessment.PolicyFailed && assessment.Notifications.IsEmpty),
            ["findings"] = DetailValue.Of(assessment.Findings.Length),
            ["stage"] = DetailValue.Of(assessment.System.Stage),
        };
        if (!assessment.Findings.IsEmpty)
        {
            details["worst"] = DetailValue.Of(Severities.Name(assessment.Findings.Max(f => f.Severity)));
        }

        return LedgerRecorder.RecordAsync(context, ledger, EventKind.AssessmentRun, [subject], details, cancellationToken);
    }
}
