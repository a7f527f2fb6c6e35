using Rampart.Assessments;
using Rampart.Checks;
using Rampart.Reporting.Html;
using Rampart.Reporting.Json;
using Rampart.Reporting.Markdown;
using Rampart.Reporting.Sarif;
using Rampart.Reporting.Text;

namespace Rampart.Tests;

public sealed class ChartRenderingTests
{
    private const string HostileTitle = "Accuracy <script>alert(1)</script> & ε";

    /// <summary>FGSM at 0, 0.5, 1; PGD at 0, 0.25, 0.5 (undefined), 0.75, 1; fixed axis 0 to 1.</summary>
    private static readonly Chart Line = new()
    {
        CheckId = "ROB-TEST",
        Id = "robustness.m.d",
        Title = "Accuracy versus ε",
        Kind = ChartKind.Line,
        XLabel = "ε",
        YLabel = "accuracy",
        YMin = 0,
        YMax = 1,
        Series =
        [
            Series("FGSM", (0, 1), (0.5, 0.5), (1, 0.25)),
            Series("PGD", (0, 1), (0.25, 0.75), (0.5, double.NaN), (0.75, 0.5), (1, 0.25)),
        ],
        Note = "Each point is the accuracy on 200 test rows.",
    };

    /// <summary>Two series, one with intervals, one label missing from the second series, one undefined value.</summary>
    private static readonly Chart Bars = new()
    {
        CheckId = "EXP-TEST",
        Id = "explain.m.d",
        Title = "Global importance per column",
        Kind = ChartKind.Bar,
        XLabel = "column",
        YLabel = "share of mean |SHAP|",
        YMin = 0,
        Series =
        [
            new ChartSeries
            {
                Name = "SHAP",
                Points = [Bar(0, "income", 0.5), Bar(1, "age_band", 0.25), Bar(2, "sex", double.NaN)],
            },
            new ChartSeries
            {
                Name = "permutation",
                Points = [Bar(0, "income", 0.4, 0.3, 0.5), Bar(1, "age_band", 0.1, 0, 0.2)],
            },
        ],
    };

    [Fact]
    public async Task Text_LineAndBarCharts_AreTablesBeforeTheRiskRegister()
    {
        var (plain, catalogue) = await CreateAsync();
        var text = TextReportWriter.Write(plain with { Charts = [Line, Bars] }, catalogue);
        const string Section = """
            Chart: Accuracy versus ε (ROB-TEST)
              accuracy by ε
                 ε  FGSM   PGD
                 0     1     1
              0.25     -  0.75
               0.5   0.5   n/a
              0.75     -   0.5
                 1  0.25  0.25
              Each point is the accuracy on 200 test rows.

            Chart: Global importance per column (EXP-TEST)
              share of mean |SHAP| by column (a full bar is 0.5)
              income    SHAP         ##############################  0.5
                        permutation  ########################        0.4 [0.3, 0.5]
              age_band  SHAP         ###############                 0.25
                        permutation  ######                          0.1 [0, 0.2]
              sex       SHAP                                         n/a
                        permutation                                  -


            """;
        var expected = Insert(TextReportWriter.Write(plain, catalogue), "Risk register:", Section.ReplaceLineEndings("\n"));
        Assert.Equal(expected, text);
    }

    [Fact]
    public async Task Text_LongLabelsAndNote_StayWithinOneHundredColumns()
    {
        var (plain, catalogue) = await CreateAsync();
        var label = new string('c', 60);
        var chart = Bars with
        {
            Series = [new ChartSeries { Name = new string('s', 40), Points = [Bar(0, label, 0.123456, 0.1, 0.2)] }, new ChartSeries { Name = "b", Points = [] }],
            Note = string.Join(' ', Enumerable.Repeat("word", 60)),
        };
        var text = TextReportWriter.Write(plain with { Charts = [chart] }, catalogue);
        var start = text.IndexOf("Chart:", StringComparison.Ordinal);
        var section = text[start..text.IndexOf("Risk register:", StringComparison.Ordinal)];
        Assert.All(section.Split('\n'), l => Assert.True(l.Length <= 100, $"{l.Length}: {l}"));
        Assert.Contains($"  {label[..17]}...  {new string('s', 19)}...  {new string('#', 19),-30}  0.123 [0.1, 0.2]\n", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_Charts_AreTablesInAChartsSection()
    {
        var (plain, catalogue) = await CreateAsync();
        var md = MarkdownReportWriter.Write(plain with { Charts = [Line, Bars] }, catalogue);
        const string Section = """
            ## Charts

            ### Accuracy versus ε

            Check `ROB-TEST`: accuracy by ε.

            | ε | FGSM | PGD |
            |---:|---:|---:|
            | 0 | 1 | 1 |
            | 0.25 | - | 0.75 |
            | 0.5 | 0.5 | n/a |
            | 0.75 | - | 0.5 |
            | 1 | 0.25 | 0.25 |

            Each point is the accuracy on 200 test rows.

            ### Global importance per column

            Check `EXP-TEST`: share of mean \|SHAP\| by column.

            | column | SHAP | permutation |
            |---|---:|---:|
            | income | 0.5 | 0.4 [0.3, 0.5] |
            | age_band | 0.25 | 0.1 [0, 0.2] |
            | sex | n/a | - |


            """;
        Assert.Equal(Insert(MarkdownReportWriter.Write(plain, catalogue), "## Risk register", Section.ReplaceLineEndings("\n")), md);
    }

    [Fact]
    public async Task Html_Charts_OneEscapedFigureAndSvgEachInTheChartsSection()
    {
        var (plain, catalogue) = await CreateAsync();
        var before = HtmlReportWriter.Write(plain, catalogue);
        var html = HtmlReportWriter.Write(plain with { Charts = [Line with { Title = HostileTitle }, Bars] }, catalogue);
        Assert.Equal(CountOf(before, "<svg ") + 2, CountOf(html, "<svg "));
        Assert.Equal(CountOf(before, "<figure>") + 2, CountOf(html, "<figure>"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<figure><figcaption>Accuracy &lt;script&gt;alert(1)&lt;/script&gt; &amp; ε</figcaption>\n<svg ", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Accuracy &lt;script&gt;alert(1)&lt;/script&gt; &amp; ε\"", html, StringComparison.Ordinal);
        Assert.Contains("Each point is the accuracy on 200 test rows.</p>\n</figure>", html, StringComparison.Ordinal);
        var charts = html.IndexOf("<h2>Charts</h2>", StringComparison.Ordinal);
        var findings = html.IndexOf("<h2>Findings</h2>", StringComparison.Ordinal);
        Assert.InRange(html.IndexOf("<figcaption>Global importance per column</figcaption>", StringComparison.Ordinal), charts, findings);
        Assert.InRange(html.IndexOf("<figcaption>Accuracy &lt;script", StringComparison.Ordinal), html.IndexOf("Requirement coverage by role</figcaption>", StringComparison.Ordinal), findings);
    }

    [Fact]
    public void LineChart_ThreePoints_PolylineAtExactCoordinates()
    {
        var svg = SvgCharts.LineChart(Line);

        // x: 64 + 480 x; y: 16 + 240 (1 - y) on the fixed axis 0 to 1.
        Assert.Contains("<polyline points=\"64,16 304,136 544,196\" fill=\"none\" stroke-width=\"2\"/>", svg, StringComparison.Ordinal);
        Assert.Contains("<circle cx=\"304\" cy=\"136\" r=\"3\"><title>FGSM: ε = 0.5, 0.5</title></circle>", svg, StringComparison.Ordinal);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Accuracy versus ε\" width=\"568\" height=\"348\" viewBox=\"0 0 568 348\">", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void LineChart_UndefinedPoint_BreaksTheLineAndIsNotMarked()
    {
        var svg = SvgCharts.LineChart(Line);
        var pgd = svg[svg.IndexOf($"<g fill=\"{SvgCharts.SeriesColor(1)}\"", StringComparison.Ordinal)..];
        pgd = pgd[..(pgd.IndexOf("</g>", StringComparison.Ordinal) + 4)];
        Assert.Equal(
            "<polyline points=\"64,16 184,76\" fill=\"none\" stroke-width=\"2\"/><polyline points=\"424,136 544,196\" fill=\"none\" stroke-width=\"2\"/>",
            string.Concat(System.Text.RegularExpressions.Regex.Matches(pgd, "<polyline[^>]*>").Select(m => m.Value)));
        Assert.Equal(4, CountOf(pgd, "<circle "));
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void LineChart_Interval_DrawsAWhisker()
    {
        var chart = Line with { Series = [new ChartSeries { Name = "worst case", Points = [new ChartPoint { X = 0, Y = 0.5, Lower = 0.25, Upper = 0.75 }, new ChartPoint { X = 1, Y = 0.5 }] }] };
        var svg = SvgCharts.LineChart(chart);
        Assert.Contains("<path d=\"M60,196H68M64,196V76M60,76H68\" fill=\"none\" stroke-width=\"1.5\"/>", svg, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(svg, "<path "));
    }

    [Fact]
    public void BarChart_GroupedBarsWithWhiskersValuesAndLegend()
    {
        var svg = SvgCharts.BarChart(Bars);

        // x: 180 + 360 v / 0.5; the first group starts at 22 + 5 and each series is 14 high.
        Assert.Contains("<rect x=\"180\" y=\"28\" width=\"360\" height=\"12\" fill=\"#1f77b4\"><title>SHAP: income = 0.5</title></rect>", svg, StringComparison.Ordinal);
        Assert.Contains("<rect x=\"180\" y=\"42\" width=\"288\" height=\"12\" fill=\"#d62728\"><title>permutation: income = 0.4 [0.3, 0.5]</title></rect>", svg, StringComparison.Ordinal);
        Assert.Contains("<path d=\"M396,44V52M396,48H540M540,44V52\" fill=\"none\" stroke=\"#333\"/>", svg, StringComparison.Ordinal);
        Assert.Contains("<text x=\"546\" y=\"52\" font-size=\"11\">0.4 [0.3, 0.5]</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">n/a</text>", svg, StringComparison.Ordinal);
        Assert.Equal(4 + 2, CountOf(svg, "<rect "));
        Assert.Contains(">share of mean |SHAP|</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">permutation</text>", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChartKind.Line)]
    [InlineData(ChartKind.Bar)]
    public async Task Write_HostileNumbers_EveryWriterRendersAndNoCoordinateIsUndefined(ChartKind kind)
    {
        var (plain, catalogue) = await CreateAsync();
        var charts = new[]
        {
            Line with { Kind = kind, YMin = double.NaN, YMax = double.PositiveInfinity, Series = [new ChartSeries { Name = "odd", Points = [new ChartPoint { X = double.NaN, Y = 1 }, new ChartPoint { X = 1, Y = double.PositiveInfinity, Lower = double.NaN }, new ChartPoint { X = 2, Y = 0.5, Lower = double.NaN, Upper = double.NegativeInfinity }, new ChartPoint { X = 3, Y = 0.5, Lower = 0.25 }] }] },
            Line with { Id = "same", Kind = kind, YMin = null, YMax = null, Series = [Series("flat", (1e20, 1e20), (1e20, 1e20))] },
            Line with { Id = "empty", Kind = kind, YMin = 5, YMax = -5, Series = [], Note = null },
        };
        var assessment = plain with { Charts = [.. charts] };
        var html = HtmlReportWriter.Write(assessment, catalogue);
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(html, "=\"[^\"]*(NaN|Infinity|∞)"));
        Assert.Equal(3 + 3, CountOf(html, "<svg "));
        Assert.Contains("Chart: Accuracy versus ε (ROB-TEST)", TextReportWriter.Write(assessment, catalogue), StringComparison.Ordinal);
        Assert.Contains("| odd |", MarkdownReportWriter.Write(assessment, catalogue), StringComparison.Ordinal);
        Assert.Equal(3, JsonReportWriter.Read(JsonReportWriter.Write(assessment)).Assessment.Charts.Length);
    }

    [Fact]
    public void LineChart_HalfInterval_WhiskerToTheValueAndTextMarksTheMissingEnd()
    {
        var chart = Line with { Series = [new ChartSeries { Name = "s", Points = [new ChartPoint { X = 0, Y = 0.5, Lower = 0.25 }, new ChartPoint { X = 1, Y = 0.5 }] }] };
        Assert.Contains("<path d=\"M60,196H68M64,196V136M60,136H68\"", SvgCharts.LineChart(chart), StringComparison.Ordinal);
        Assert.Contains("0.5 [0.25, ?]", SvgCharts.LineChart(chart), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_Charts_RoundTripWithKindAsStringAndNaN()
    {
        var (plain, _) = await CreateAsync();
        var json = JsonReportWriter.Write(plain with { Charts = [Line, Bars] });
        Assert.Contains("\"kind\": \"line\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"bar\"", json, StringComparison.Ordinal);
        Assert.Contains("\"y\": \"NaN\"", json, StringComparison.Ordinal);
        var back = JsonReportWriter.Read(json).Assessment.Charts;
        Assert.Equal(2, back.Length);
        foreach (var (expected, actual) in new[] { Line, Bars }.Zip(back))
        {
            Assert.Equal(expected with { Series = [] }, actual with { Series = [] });
            Assert.Equal(expected.Series.Select(s => s.Name), actual.Series.Select(s => s.Name));
            Assert.All(expected.Series.Zip(actual.Series), pair => Assert.Equal(pair.First.Points.ToArray(), pair.Second.Points.ToArray()));
        }

        Assert.Equal(json, JsonReportWriter.Write(plain with { Charts = back }));
    }

    [Fact]
    public async Task Write_NoCharts_NoChartSectionAnywhere()
    {
        var (plain, catalogue) = await CreateAsync();
        Assert.True(plain.Charts.IsEmpty);
        Assert.DoesNotContain("Chart:", TextReportWriter.Write(plain, catalogue), StringComparison.Ordinal);
        Assert.DoesNotContain("## Charts", MarkdownReportWriter.Write(plain, catalogue), StringComparison.Ordinal);
        var html = HtmlReportWriter.Write(plain, catalogue);
        Assert.Equal(3, CountOf(html, "<svg "));
        Assert.Contains("Requirement coverage by role\"", html, StringComparison.Ordinal);
        Assert.Contains("</svg>\n</figure></div>\n", html, StringComparison.Ordinal);
        Assert.Contains("\"charts\": []", JsonReportWriter.Write(plain), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_Charts_DoNotChangeTheLog()
    {
        var (plain, catalogue) = await CreateAsync();
        Assert.Equal(SarifReportWriter.Write(plain, catalogue), SarifReportWriter.Write(plain with { Charts = [Line, Bars] }, catalogue));
    }

    private static async Task<(Assessment Assessment, Rampart.Catalogue.SecurityCatalogue Catalogue)> CreateAsync()
    {
        using var folder = new TempFolder();
        return await SampleAssessment.CreateAsync(folder, gate: "model-design");
    }

    private static ChartSeries Series(string name, params (double X, double Y)[] points) =>
        new() { Name = name, Points = [.. points.Select(p => new ChartPoint { X = p.X, Y = p.Y })] };

    private static ChartPoint Bar(double x, string label, double y, double? lower = null, double? upper = null) =>
        new() { X = x, Y = y, Label = label, Lower = lower, Upper = upper };

    private static string Insert(string text, string before, string section)
    {
        var at = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(at > 0, before);
        Assert.Equal(at, text.LastIndexOf(before, StringComparison.Ordinal));
        return text[..at] + section + text[at..];
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
