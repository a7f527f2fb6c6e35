using System.Globalization;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;

namespace Rampart.Reporting;

/// <summary>Summaries shared by the human-readable report writers.</summary>
internal static class ReportFacts
{
    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString(Math.Abs(value - Math.Round(value)) < 1e-12 ? "0" : "0.###", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string StateName(CoverageState state) => state switch
    {
        CoverageState.VerifiedByCheck => "verified by check",
        CoverageState.Attested => "attested",
        CoverageState.NotApplicable => "not applicable",
        CoverageState.Partial => "partial",
        CoverageState.NotImplemented => "not implemented",
        CoverageState.Stale => "stale",
        CoverageState.EvidenceInvalid => "evidence invalid",
        CoverageState.Failing => "failing",
        _ => "unaddressed",
    };

    public static IEnumerable<(Severity Severity, int Count)> SeverityCounts(Assessment a) =>
        Enum.GetValues<Severity>().Reverse().Select(s => (s, a.Findings.Count(f => f.Severity == s)));

    public static string Verdict(Assessment a)
    {
        var parts = new List<string>();
        if (!a.Notifications.IsEmpty)
        {
            parts.Add($"{a.Notifications.Length} check(s) failed to run, so the assessment is incomplete");
        }

        if (a.FailingFindings > 0)
        {
            parts.Add($"{a.FailingFindings} finding(s) at or above '{Severities.Name(a.FailOn)}'");
        }

        if (a.Gate is { Allowed: false } gate)
        {
            parts.Add($"the gate to '{gate.TargetStage}' is refused ({gate.Blockers.Length} blocker(s))");
        }

        return parts.Count == 0 ? "PASS" : "FAIL: " + string.Join("; ", parts);
    }

    public static (int Satisfied, int Total) RequiredCoverage(Assessment a, Func<RequirementStatus, bool> filter)
    {
        var list = a.Coverage.Where(c => c.Level == RequirementLevel.Required && filter(c)).ToList();
        return (list.Count(c => c.Satisfied), list.Count);
    }
}
