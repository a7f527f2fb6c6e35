using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;

namespace Rampart.Reporting.Text;

/// <summary>Writes the console report: verdict, findings, the checks' charts as tables, risks above tolerance, coverage and gate.</summary>
public static class TextReportWriter
{
    /// <summary>The width of a full bar of a bar chart, in characters.</summary>
    internal const int BarColumns = 30;

    private const int LabelColumns = 20, SeriesColumns = 22, Width = 100;

    /// <summary>Renders the report.</summary>
    /// <param name="a">The assessment.</param>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Plain text.</returns>
    public static string Write(Assessment a, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.AppendLine($"Rampart {a.ToolVersion} assessment of '{a.System.Name}' at stage {a.System.Stage} ({ReportFacts.Date(a.StartedAt)}, seed {a.Seed}, catalogue {a.CatalogueVersion})");
        sb.AppendLine($"Checks: {a.Checks.Count(c => c.Outcome == CheckOutcome.Ran)} ran, {a.Checks.Count(c => c.Outcome == CheckOutcome.NotApplicable)} not applicable, {a.Checks.Count(c => c.Outcome == CheckOutcome.Error)} failed");
        sb.AppendLine($"Findings: {string.Join(", ", ReportFacts.SeverityCounts(a).Select(x => $"{x.Count} {Severities.Name(x.Severity)}"))}");
        sb.AppendLine();

        // Rule ids differ in length (RMP-FR-001, RMP-GOV-032): pad them so the locations line up.
        var ruleWidth = a.Findings.IsEmpty ? 0 : a.Findings.Max(f => f.RuleId.Length);
        foreach (var f in a.Findings)
        {
            var where = f.Location.File is null ? f.Location.Logical : f.Location.Line > 0 ? $"{f.Location.File}:{f.Location.Line}" : f.Location.File;
            sb.AppendLine($"  {Severities.Name(f.Severity),-8} {f.RuleId.PadRight(ruleWidth)}  {where}");
            sb.AppendLine($"           {f.Message}");
        }

        if (!a.Findings.IsEmpty)
        {
            sb.AppendLine();
        }

        foreach (var n in a.Notifications)
        {
            sb.AppendLine($"  tool error: check {n.CheckId} failed: {n.Message}");
        }

        if (!a.Notifications.IsEmpty)
        {
            sb.AppendLine();
        }

        foreach (var chart in a.Charts)
        {
            WriteChart(sb, chart);
        }

        var register = a.RiskRegister;
        sb.AppendLine($"Risk register: {register.Entries.Length} threat(s) apply; residual levels: {string.Join(", ", register.Matrix.Levels.Reverse().Select(l => $"{register.Entries.Count(e => e.ResidualLevel == l)} {l}"))}; tolerance '{register.Tolerance}'");
        foreach (var e in register.Entries.Where(e => e.AboveTolerance))
        {
            sb.AppendLine($"  {e.ResidualLevel,-8} {e.ThreatId}  {e.Title} (L{e.ResidualLikelihood} x I{e.Impact}){(e.AcceptanceCurrent ? $", accepted by {e.Acceptance!.Owner} until {e.Acceptance.Expires:yyyy-MM-dd}" : string.Empty)}");
        }

        var (satisfied, total) = ReportFacts.RequiredCoverage(a, _ => true);
        sb.AppendLine($"Requirements: {satisfied} of {total} required requirements satisfied; {a.Coverage.Count(c => c.Satisfied)} of {a.Coverage.Length} in all");

        if (a.Gate is { } gate)
        {
            sb.AppendLine();
            sb.AppendLine(gate.Allowed
                ? $"Gate to '{gate.TargetStage}': ALLOWED"
                : $"Gate to '{gate.TargetStage}': REFUSED, {gate.Blockers.Length} blocker(s):");
            foreach (var b in gate.Blockers)
            {
                sb.AppendLine($"  {b.Kind,-11} {b.Id,-11} {b.Role}: {b.Reason}");
            }
        }

        sb.AppendLine();
        sb.AppendLine($"Result: {ReportFacts.Verdict(a)}");
        return sb.ToString();
    }

    /// <summary>
    /// One chart: a title line, what the values are, then for a line chart a table (a row per x, a column per
    /// series) and for a bar chart a line per label and series with a bar of '#', the value and its interval;
    /// then the note and a blank line.
    /// </summary>
    private static void WriteChart(StringBuilder sb, Chart chart)
    {
        sb.AppendLine($"Chart: {chart.Title} ({chart.CheckId})");
        if (chart.Kind == ChartKind.Bar)
        {
            WriteBars(sb, chart);
        }
        else
        {
            sb.AppendLine($"  {chart.YLabel} by {chart.XLabel}");
            var xs = ChartTables.LineXs(chart);
            var rows = new List<string[]> { new[] { chart.XLabel }.Concat(chart.Series.Select(s => s.Name)).ToArray() };
            rows.AddRange(xs.Select(x => new[] { ReportFacts.Number(x) }.Concat(chart.Series.Select(s => ChartTables.Cell(ChartTables.PointAt(s, x)))).ToArray()));
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                sb.AppendLine("  " + string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))));
            }
        }

        if (chart.Note is not null)
        {
            foreach (var line in Wrap(chart.Note, Width - 2))
            {
                sb.AppendLine($"  {line}");
            }
        }

        sb.AppendLine();
    }

    private static void WriteBars(StringBuilder sb, Chart chart)
    {
        var range = ChartTables.ValueRange(chart);
        var baseline = ChartTables.Baseline(range);
        sb.AppendLine($"  {chart.YLabel} by {chart.XLabel} (a full bar is {ReportFacts.Number(range.Hi)}{(baseline == 0 ? string.Empty : $", bars start at {ReportFacts.Number(baseline)}")})");
        var labels = ChartTables.BarLabels(chart);
        var labelWidth = Math.Min(LabelColumns, labels.Count == 0 ? 0 : labels.Max(l => l.Length));
        var several = chart.Series.Length > 1;
        var seriesWidth = several ? Math.Min(SeriesColumns, chart.Series.Max(s => s.Name.Length)) : 0;
        foreach (var label in labels)
        {
            for (var i = 0; i < chart.Series.Length; i++)
            {
                var point = ChartTables.PointLabelled(chart.Series[i], label);
                var length = point is null || !double.IsFinite(point.Y) || !(range.Hi > baseline)
                    ? 0
                    : (int)Math.Round(BarColumns * Math.Clamp((point.Y - baseline) / (range.Hi - baseline), 0, 1), MidpointRounding.AwayFromZero);
                var line = new StringBuilder("  ").Append(Fit(i == 0 ? label : string.Empty, labelWidth)).Append("  ");
                if (several)
                {
                    line.Append(Fit(chart.Series[i].Name, seriesWidth)).Append("  ");
                }

                line.Append(new string('#', length).PadRight(BarColumns)).Append("  ").Append(ChartTables.Cell(point));
                sb.AppendLine(line.ToString());
            }
        }
    }

    private static string Fit(string text, int width) =>
        text.Length <= width ? text.PadRight(width) : text[..(width - 3)] + "...";

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
