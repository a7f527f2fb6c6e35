using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;

namespace Rampart.Reporting.Markdown;

/// <summary>Writes the Markdown report.</summary>
public static class MarkdownReportWriter
{
    /// <summary>Renders the report.</summary>
    /// <param name="a">The assessment.</param>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Markdown text.</returns>
    public static string Write(Assessment a, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.AppendLine($"# Rampart assessment: {Cell(a.System.Name)}");
        sb.AppendLine();
        sb.AppendLine($"**Result: {ReportFacts.Verdict(a)}**");
        sb.AppendLine();
        sb.AppendLine("| | |");
        sb.AppendLine("|---|---|");
        sb.AppendLine($"| Stage | {a.System.Stage} |");
        sb.AppendLine($"| Owner | {Cell(a.System.Owner)} |");
        sb.AppendLine($"| Criticality | {a.System.Criticality} (impact {a.System.Impact}) |");
        sb.AppendLine($"| Assessed | {ReportFacts.Date(a.StartedAt)} |");
        sb.AppendLine($"| Rampart / catalogue | {a.ToolVersion} / {a.CatalogueVersion} |");
        sb.AppendLine($"| Seed | {a.Seed} |");
        sb.AppendLine($"| Manifest SHA-256 | `{a.System.ManifestSha256}` |");
        sb.AppendLine();

        sb.AppendLine("## Findings");
        sb.AppendLine();
        sb.AppendLine(string.Join(", ", ReportFacts.SeverityCounts(a).Select(x => $"{x.Count} {Severities.Name(x.Severity)}")) + ".");
        sb.AppendLine();
        if (!a.Findings.IsEmpty)
        {
            sb.AppendLine("| Severity | Rule | Location | Message |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var f in a.Findings)
            {
                var where = f.Location.File is null ? f.Location.Logical : f.Location.Line > 0 ? $"{f.Location.File}:{f.Location.Line}" : f.Location.File;
                sb.AppendLine($"| {Severities.Name(f.Severity)} | `{f.RuleId}` | {Cell(where)} | {Cell(f.Message)} |");
            }

            sb.AppendLine();
        }

        foreach (var n in a.Notifications)
        {
            sb.AppendLine($"- Tool error: check `{n.CheckId}` failed: {Cell(n.Message)}");
        }

        if (!a.Notifications.IsEmpty)
        {
            sb.AppendLine();
        }

        if (!a.Charts.IsEmpty)
        {
            sb.AppendLine("## Charts");
            sb.AppendLine();
            foreach (var chart in a.Charts)
            {
                WriteChart(sb, chart);
            }
        }

        sb.AppendLine("## Risk register");
        sb.AppendLine();
        sb.AppendLine($"Tolerance: **{a.RiskRegister.Tolerance}**. Stages covered: {string.Join(", ", a.RiskRegister.Stages)}.");
        sb.AppendLine();
        sb.AppendLine("| Threat | Inherent | Residual | Treatment | Acceptance | Why |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var e in a.RiskRegister.Entries)
        {
            var acceptance = e.Acceptance is null ? "none" : $"{Cell(e.Acceptance.Owner)} until {e.Acceptance.Expires:yyyy-MM-dd}{(e.AcceptanceCurrent ? string.Empty : " (expired)")}";
            sb.AppendLine($"| {e.ThreatId} {Cell(e.Title)} | {e.InherentLevel} (L{e.InherentLikelihood} x I{e.Impact}) | {(e.AboveTolerance ? "**" + e.ResidualLevel + "**" : e.ResidualLevel)} (L{e.ResidualLikelihood} x I{e.Impact}) | {e.Treatment?.ToString().ToLowerInvariant() ?? "none"} | {acceptance} | {Cell(e.Explanation)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Requirement coverage");
        sb.AppendLine();
        sb.AppendLine("| Requirement | Stage | Role | Level | State | Basis |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in a.Coverage)
        {
            sb.AppendLine($"| {c.RequirementId} | {c.Stage} | {c.Role} | {c.Level.ToString().ToLowerInvariant()} | {ReportFacts.StateName(c.State)} | {Cell(string.Join("; ", c.Basis))} |");
        }

        sb.AppendLine();
        if (a.Gate is { } gate)
        {
            sb.AppendLine($"## Stage gate: {gate.TargetStage}");
            sb.AppendLine();
            sb.AppendLine(gate.Allowed ? "**Allowed.**" : $"**Refused** ({gate.Blockers.Length} blockers).");
            sb.AppendLine();
            if (!gate.Allowed)
            {
                sb.AppendLine("| Kind | Id | Role | Reason |");
                sb.AppendLine("|---|---|---|---|");
                foreach (var b in gate.Blockers)
                {
                    sb.AppendLine($"| {b.Kind} | {b.Id} | {b.Role} | {Cell(b.Reason)} |");
                }

                sb.AppendLine();
            }
        }

        sb.AppendLine("## Statement of applicability");
        sb.AppendLine();
        sb.AppendLine("| Technique | Category | Applicable | Implemented | Evidence |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var t in a.Applicability)
        {
            var technique = catalogue.Find<Technique>(t.TechniqueId);
            sb.AppendLine($"| {t.TechniqueId} {Cell(technique?.Title)} | {technique?.Category.ToString().ToLowerInvariant()} | {(t.Applicable ? "yes" : "no")} | {(t.Implemented ? "yes" : t.Weight > 0 ? "partly" : "no")} | {Cell(string.Join("; ", t.Evidence))} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Checks");
        sb.AppendLine();
        sb.AppendLine("| Check | Outcome | Findings | Note |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var c in a.Checks)
        {
            sb.AppendLine($"| {c.Id} {Cell(c.Title)} | {c.Outcome.ToString().ToLowerInvariant()} | {c.FindingCount} | {Cell(c.Reason)} |");
        }

        return sb.ToString();
    }

    /// <summary>
    /// One chart as a table: for a line chart a row per x and a column per series; for a bar chart a row per label
    /// and a column per series; each cell the value with <c>[lower, upper]</c> when there is an interval.
    /// </summary>
    private static void WriteChart(StringBuilder sb, Chart chart)
    {
        sb.AppendLine($"### {Cell(chart.Title)}");
        sb.AppendLine();
        sb.AppendLine($"Check `{chart.CheckId}`: {Cell(chart.YLabel)} by {Cell(chart.XLabel)}.");
        sb.AppendLine();
        var line = chart.Kind != ChartKind.Bar;
        sb.AppendLine($"| {Cell(chart.XLabel)} |{string.Concat(chart.Series.Select(s => $" {Cell(s.Name)} |"))}");
        sb.AppendLine($"|{(line ? "---:" : "---")}|{string.Concat(chart.Series.Select(_ => "---:|"))}");
        if (line)
        {
            foreach (var x in ChartTables.LineXs(chart))
            {
                sb.AppendLine($"| {ReportFacts.Number(x)} |{string.Concat(chart.Series.Select(s => $" {ChartTables.Cell(ChartTables.PointAt(s, x))} |"))}");
            }
        }
        else
        {
            foreach (var label in ChartTables.BarLabels(chart))
            {
                sb.AppendLine($"| {Cell(label)} |{string.Concat(chart.Series.Select(s => $" {ChartTables.Cell(ChartTables.PointLabelled(s, label))} |"))}");
            }
        }

        sb.AppendLine();
        if (chart.Note is not null)
        {
            sb.AppendLine(Cell(chart.Note));
            sb.AppendLine();
        }
    }

    internal static string Cell(string? text) =>
        (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
