using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;

namespace Rampart.Reporting.Text;

/// <summary>Writes the console report: verdict, findings, risks above tolerance, coverage and gate.</summary>
public static class TextReportWriter
{
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

        foreach (var f in a.Findings)
        {
            var where = f.Location.File is null ? f.Location.Logical : f.Location.Line > 0 ? $"{f.Location.File}:{f.Location.Line}" : f.Location.File;
            sb.AppendLine($"  {Severities.Name(f.Severity),-8} {f.RuleId}  {where}");
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
}
