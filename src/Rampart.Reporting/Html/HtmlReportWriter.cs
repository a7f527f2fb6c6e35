using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;

namespace Rampart.Reporting.Html;

/// <summary>
/// Writes one self-contained HTML file (inline CSS and SVG, no script, no external resource): summary, risk heat
/// map, requirement coverage by stage and by role, the checks' charts, findings, risk register, gate, statement of applicability.
/// </summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;color:#1a1a1a;padding:0 1rem}
        h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f4f4f4}.pass{color:#2e7d32}.fail{color:#c62828}.sev-critical,.sev-high{color:#c62828;font-weight:bold}
        .sev-medium{color:#ef6c00}.sev-low,.sev-info{color:#555}.charts{display:flex;flex-wrap:wrap;gap:2rem}.meta td:first-child{width:12rem;font-weight:bold}
        code{font-size:.85rem}.level{display:inline-block;padding:0 .4rem;border-radius:3px;color:#fff}
        """;

    /// <summary>Renders the report.</summary>
    /// <param name="a">The assessment.</param>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>HTML text.</returns>
    public static string Write(Assessment a, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>Rampart assessment: {E(a.System.Name)}</title>");
        sb.AppendLine($"<style>{Style}</style></head><body>");
        sb.AppendLine($"<h1>Rampart assessment: {E(a.System.Name)}</h1>");
        var verdict = ReportFacts.Verdict(a);
        sb.AppendLine($"<p class=\"{(a.PolicyFailed || !a.Notifications.IsEmpty ? "fail" : "pass")}\"><strong>{E(verdict)}</strong></p>");
        sb.AppendLine("<table class=\"meta\">");
        Row(sb, "Description", a.System.Description);
        Row(sb, "Stage", a.System.Stage);
        Row(sb, "Owner", a.System.Owner);
        Row(sb, "Criticality", $"{a.System.Criticality} (impact {a.System.Impact})");
        Row(sb, "Assessed", ReportFacts.Date(a.StartedAt));
        Row(sb, "Rampart / catalogue", $"{a.ToolVersion} / {a.CatalogueVersion}");
        Row(sb, "Seed", a.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(sb, "Manifest SHA-256", a.System.ManifestSha256);
        Row(sb, "Findings", string.Join(", ", ReportFacts.SeverityCounts(a).Select(x => $"{x.Count} {Severities.Name(x.Severity)}")));
        sb.AppendLine("</table>");

        sb.AppendLine("<h2>Charts</h2><div class=\"charts\">");
        sb.AppendLine("<figure><figcaption>Residual risk (likelihood x impact)</figcaption>");
        sb.AppendLine(SvgCharts.HeatMap(a.RiskRegister));
        sb.AppendLine("</figure>");
        var byStage = catalogue.Stages.Where(s => a.Coverage.Any(c => c.Stage == s.Id))
            .Select(s => (s.Title, a.Coverage.Count(c => c.Stage == s.Id && c.Satisfied), a.Coverage.Count(c => c.Stage == s.Id))).ToList();
        var byRole = catalogue.Roles.Where(r => a.Coverage.Any(c => c.Role == r.Id))
            .Select(r => (r.Title, a.Coverage.Count(c => c.Role == r.Id && c.Satisfied), a.Coverage.Count(c => c.Role == r.Id))).ToList();
        sb.AppendLine("<figure><figcaption>Requirement coverage by stage (satisfied / applicable)</figcaption>");
        sb.AppendLine(SvgCharts.CoverageBars("Requirement coverage by stage", byStage));
        sb.AppendLine("</figure><figure><figcaption>Requirement coverage by role</figcaption>");
        sb.AppendLine(SvgCharts.CoverageBars("Requirement coverage by role", byRole));
        sb.Append("</figure>");
        foreach (var chart in a.Charts)
        {
            sb.AppendLine();
            sb.AppendLine($"<figure><figcaption>{E(chart.Title)}</figcaption>");
            sb.AppendLine(SvgCharts.Chart(chart));
            if (chart.Note is not null)
            {
                sb.AppendLine($"<p style=\"font-size:.85rem;color:#555;max-width:36rem\">{E(chart.Note)}</p>");
            }

            sb.Append("</figure>");
        }

        sb.AppendLine("</div>");

        if (a.Gate is { } gate)
        {
            sb.AppendLine($"<h2>Stage gate: {E(gate.TargetStage)}</h2>");
            sb.AppendLine(gate.Allowed ? "<p class=\"pass\"><strong>Allowed.</strong></p>" : $"<p class=\"fail\"><strong>Refused</strong>: {gate.Blockers.Length} blocker(s).</p>");
            if (!gate.Allowed)
            {
                sb.AppendLine("<table><tr><th>Kind</th><th>Id</th><th>Role</th><th>Reason</th></tr>");
                foreach (var b in gate.Blockers)
                {
                    sb.AppendLine($"<tr><td>{E(b.Kind)}</td><td>{E(b.Id)}</td><td>{E(b.Role)}</td><td>{E(b.Reason)}</td></tr>");
                }

                sb.AppendLine("</table>");
            }
        }

        sb.AppendLine("<h2>Findings</h2>");
        foreach (var n in a.Notifications)
        {
            sb.AppendLine($"<p class=\"fail\">Tool error: check <code>{E(n.CheckId)}</code> failed: {E(n.Message)}</p>");
        }

        sb.AppendLine("<table><tr><th>Severity</th><th>Rule</th><th>Location</th><th>Message</th><th>Evidence</th></tr>");
        foreach (var f in a.Findings)
        {
            var where = f.Location.File is null ? f.Location.Logical : f.Location.Line > 0 ? $"{f.Location.File}:{f.Location.Line}" : f.Location.File;
            var evidence = string.Join("<br>", f.Evidence.Select(kv => $"{E(kv.Key)}: <code>{E(kv.Value)}</code>"));
            sb.AppendLine($"<tr><td class=\"sev-{Severities.Name(f.Severity)}\">{Severities.Name(f.Severity)}</td><td>{E(f.RuleId)}</td><td>{E(where)}</td><td>{E(f.Message)}</td><td>{evidence}</td></tr>");
        }

        sb.AppendLine("</table>");

        sb.AppendLine($"<h2>Risk register</h2><p>Tolerance: <strong>{E(a.RiskRegister.Tolerance)}</strong>. Stages covered: {E(string.Join(", ", a.RiskRegister.Stages))}.</p>");
        sb.AppendLine("<table><tr><th>Threat</th><th>Inherent</th><th>Residual</th><th>Treatment</th><th>Acceptance</th><th>Explanation</th></tr>");
        foreach (var e in a.RiskRegister.Entries)
        {
            var acceptance = e.Acceptance is null ? "none" : $"{e.Acceptance.Owner} until {e.Acceptance.Expires:yyyy-MM-dd}{(e.AcceptanceCurrent ? string.Empty : " (expired)")}";
            sb.AppendLine($"<tr><td>{E(e.ThreatId)} {E(e.Title)}</td><td>{Level(a, e.InherentLevel)} L{e.InherentLikelihood} x I{e.Impact}</td><td>{Level(a, e.ResidualLevel)} L{e.ResidualLikelihood} x I{e.Impact}{(e.AboveTolerance ? " <strong>above tolerance</strong>" : string.Empty)}</td><td>{E(e.Treatment?.ToString().ToLowerInvariant() ?? "none")}</td><td>{E(acceptance)}</td><td>{E(e.Explanation)}</td></tr>");
        }

        sb.AppendLine("</table>");

        sb.AppendLine("<h2>Requirement coverage</h2>");
        sb.AppendLine("<table><tr><th>Requirement</th><th>Stage</th><th>Role</th><th>Level</th><th>State</th><th>Basis</th></tr>");
        foreach (var c in a.Coverage)
        {
            var statement = catalogue.Find<Requirement>(c.RequirementId)?.Statement;
            sb.AppendLine($"<tr><td><strong>{E(c.RequirementId)}</strong> {E(statement)}</td><td>{E(c.Stage)}</td><td>{E(c.Role)}</td><td>{c.Level.ToString().ToLowerInvariant()}</td><td class=\"{(c.Satisfied ? "pass" : "fail")}\">{E(ReportFacts.StateName(c.State))}</td><td>{E(string.Join("; ", c.Basis))}</td></tr>");
        }

        sb.AppendLine("</table>");

        sb.AppendLine("<h2>Statement of applicability</h2>");
        sb.AppendLine("<table><tr><th>Technique</th><th>Category</th><th>Group</th><th>Applicable</th><th>Implemented</th><th>Evidence</th></tr>");
        foreach (var t in a.Applicability)
        {
            var technique = catalogue.Find<Technique>(t.TechniqueId);
            sb.AppendLine($"<tr><td>{E(t.TechniqueId)} {E(technique?.Title)}</td><td>{E(technique?.Category.ToString().ToLowerInvariant())}</td><td>{E(technique?.Group)}</td><td>{(t.Applicable ? "yes" : "no")}</td><td>{(t.Implemented ? "yes" : t.Weight > 0 ? "partly" : "no")}</td><td>{E(string.Join("; ", t.Evidence))}</td></tr>");
        }

        sb.AppendLine("</table>");

        sb.AppendLine("<h2>Checks</h2><table><tr><th>Check</th><th>Outcome</th><th>Findings</th><th>Note</th></tr>");
        foreach (var c in a.Checks)
        {
            sb.AppendLine($"<tr><td>{E(c.Id)} {E(c.Title)}</td><td>{c.Outcome.ToString().ToLowerInvariant()}</td><td>{c.FindingCount}</td><td>{E(c.Reason)}</td></tr>");
        }

        sb.AppendLine("</table>");
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static string E(string? text) => SvgCharts.Escape(text);

    private static string Level(Assessment a, string level) =>
        $"<span class=\"level\" style=\"background:{SvgCharts.LevelColor(a.RiskRegister.Matrix, level)}\">{E(level)}</span>";

    private static void Row(StringBuilder sb, string name, string? value) => sb.AppendLine($"<tr><td>{E(name)}</td><td>{E(value)}</td></tr>");
}
