using System.Globalization;
using System.Text;
using Rampart.Evaluation.Fairness;

namespace Rampart.Cli.Commands;

/// <content>The text and HTML renderings of a fairness evaluation.</content>
internal static partial class EvalCommand
{
    /// <summary>The aggregates shown per grouping, besides those a threshold checks.</summary>
    private static readonly string[] ShownAggregates =
    [
        FairnessMetricNames.DemographicParityDifference,
        FairnessMetricNames.DemographicParityRatio,
        FairnessMetricNames.EqualOpportunityDifference,
        FairnessMetricNames.EqualizedOddsDifference,
        FairnessMetricNames.Aif360StatisticalParityDifference,
        FairnessMetricNames.Aif360DisparateImpact,
        FairnessMetricNames.Aif360AverageOddsDifference,
    ];

    private static string Text(string model, string data, ModelFairnessResult result)
    {
        var report = result.Report;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Fairness of '{model}' on '{data}': {report.RowCount} rows, label '{result.Label}', favourable class '{result.FavourableClass}' ({FavourableWhy(result)})\n");
        sb.Append(Intervals(report)).Append('\n');
        var overall = report.Overall;
        sb.Append(CultureInfo.InvariantCulture, $"Overall: selection rate {Shown(overall.SelectionRate)}, TPR {Shown(overall.TruePositiveRate)}, FPR {Shown(overall.FalsePositiveRate)}, accuracy {Shown(overall.Accuracy)}\n");
        foreach (var grouping in report.Groupings)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{grouping.Name} (privileged group: {grouping.PrivilegedGroup}, {grouping.PrivilegedChosenBy})\n");
            var width = Math.Max(5, grouping.Groups.Max(g => g.Group.Length));
            var cells = grouping.Groups.Select(g => (g, Sr: Shown(g.SelectionRate), Tpr: Shown(g.TruePositiveRate), Fpr: Shown(g.FalsePositiveRate))).ToList();
            var w1 = Math.Max(14, cells.Max(c => c.Sr.Length));
            var w2 = Math.Max(3, cells.Max(c => c.Tpr.Length));
            sb.Append(CultureInfo.InvariantCulture, $"  {"group".PadRight(width)}  {"n",7}  {"selection rate".PadRight(w1)}  {"TPR".PadRight(w2)}  FPR\n");
            foreach (var (g, sr, tpr, fpr) in cells)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {g.Group.PadRight(width)}  {g.Counts.Total,7}  {sr.PadRight(w1)}  {tpr.PadRight(w2)}  {fpr}\n");
            }

            var names = Aggregates(report, grouping);
            var nameWidth = names.Max(n => n.Length);
            foreach (var name in names)
            {
                var estimate = grouping.Aggregate(name);
                sb.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(nameWidth)}  {Shown(estimate)}");
                if (!estimate.IsDefined)
                {
                    sb.Append(": ").Append(estimate.UndefinedReason);
                }

                sb.Append('\n');
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"\nVerdicts ({report.Verdicts.Length})\n");
        foreach (var verdict in report.Verdicts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {Outcome(verdict.Outcome),-5}  {verdict.Message}\n");
        }

        if (!report.Warnings.IsEmpty)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nWarnings ({report.Warnings.Length})\n");
            foreach (var warning in report.Warnings)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {warning.Code}: {warning.Message}\n");
            }
        }

        sb.Append('\n').Append(ResultLine(report)).Append('\n');
        return sb.ToString();
    }

    private static string Html(string model, string data, ModelFairnessResult result)
    {
        var report = result.Report;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Fairness of ").Append(E(model)).Append("</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}"
            + "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}td.n{text-align:right}.fail{color:#b00020;font-weight:bold}"
            + ".pass{color:#1b5e20}.undefined{color:#8a6d00}small{color:#666}</style>\n</head>\n<body>\n");
        sb.Append("<h1>Fairness of <code>").Append(E(model)).Append("</code></h1>\n<p>On <code>").Append(E(data)).Append("</code>: ")
            .Append(report.RowCount.ToString(CultureInfo.InvariantCulture)).Append(" rows, label <code>").Append(E(result.Label))
            .Append("</code>, favourable class <code>").Append(E(result.FavourableClass)).Append("</code> (").Append(E(FavourableWhy(result))).Append(").<br>")
            .Append(E(Intervals(report))).Append("</p>\n");
        sb.Append("<p class=\"").Append(report.Passed ? "pass" : "fail").Append("\">").Append(E(ResultLine(report))).Append("</p>\n");
        foreach (var grouping in report.Groupings)
        {
            sb.Append("<h2>").Append(E(grouping.Name)).Append("</h2>\n<p><small>Privileged group: ").Append(E(grouping.PrivilegedGroup)).Append(" (").Append(E(grouping.PrivilegedChosenBy)).Append(")</small></p>\n");
            sb.Append("<table>\n<tr><th>group</th><th>n</th><th>selection rate</th><th>TPR</th><th>FPR</th><th>accuracy</th></tr>\n");
            foreach (var g in grouping.Groups)
            {
                sb.Append("<tr><td>").Append(E(g.Group)).Append("</td><td class=\"n\">").Append(g.Counts.Total.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(E(Shown(g.SelectionRate))).Append("</td><td>").Append(E(Shown(g.TruePositiveRate)))
                    .Append("</td><td>").Append(E(Shown(g.FalsePositiveRate))).Append("</td><td>").Append(E(Shown(g.Accuracy))).Append("</td></tr>\n");
            }

            sb.Append("</table>\n<table>\n<tr><th>aggregate</th><th>value [interval]</th></tr>\n");
            foreach (var name in Aggregates(report, grouping))
            {
                var estimate = grouping.Aggregate(name);
                sb.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(E(Shown(estimate) + (estimate.IsDefined ? string.Empty : ": " + estimate.UndefinedReason))).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        sb.Append("<h2>Verdicts</h2>\n<table>\n<tr><th>outcome</th><th>verdict</th></tr>\n");
        foreach (var verdict in report.Verdicts)
        {
            var outcome = Outcome(verdict.Outcome);
            sb.Append("<tr><td class=\"").Append(verdict.Outcome.ToString().ToLowerInvariant()).Append("\">").Append(outcome).Append("</td><td>").Append(E(verdict.Message)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
        if (!report.Warnings.IsEmpty)
        {
            sb.Append("<h2>Warnings</h2>\n<ul>\n");
            foreach (var warning in report.Warnings)
            {
                sb.Append("<li><code>").Append(E(warning.Code)).Append("</code> ").Append(E(warning.Message)).Append("</li>\n");
            }

            sb.Append("</ul>\n");
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The shown aggregates, then any other aggregate a threshold checks.</summary>
    private static List<string> Aggregates(FairnessReport report, GroupingReport grouping)
    {
        var names = ShownAggregates.ToList();
        foreach (var verdict in report.Verdicts.Where(v => v.Grouping == grouping.Name))
        {
            if (!names.Contains(verdict.Metric, StringComparer.Ordinal))
            {
                names.Add(verdict.Metric);
            }
        }

        return names;
    }

    private static string FavourableWhy(ModelFairnessResult result) =>
        result.FavourableChosenBy == "given" ? "given" : $"{result.FavourableChosenBy}; choose with --favourable";

    private static string Intervals(FairnessReport report) => report.Options.BootstrapSamples == 0
        ? "No confidence intervals (--bootstrap 0)."
        : string.Create(CultureInfo.InvariantCulture, $"Intervals: {report.Options.ConfidenceLevel * 100:0.##}% percentile bootstrap, {report.Options.BootstrapSamples} replicates stratified by group, seed {report.Options.Seed}; shown as value [lower, upper].");

    private static string Outcome(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Pass => "pass",
        VerdictOutcome.Fail => "FAIL",
        _ => "n/a",
    };

    private static string Shown(MetricEstimate estimate) => !estimate.IsDefined
        ? "undefined"
        : estimate.Interval is { } ci ? $"{F(estimate.Value)} [{F(ci.Lower)}, {F(ci.Upper)}]" : F(estimate.Value);

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string E(string? text) => System.Net.WebUtility.HtmlEncode(text ?? string.Empty);
}
