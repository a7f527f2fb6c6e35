using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Reporting.Html;
using Rampart.Reporting.Json;
using Rampart.Reporting.Markdown;
using Rampart.Reporting.Sarif;
using Rampart.Reporting.Text;

namespace Rampart.Reporting;

/// <summary>Renders an assessment in any format.</summary>
public static class ReportWriters
{
    /// <summary>The file name of each format when every report is written into a folder.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The file name, or <c>null</c> for <see cref="ReportFormat.Text"/>, which is not written to a file.</returns>
    public static string? FileName(ReportFormat format) => format switch
    {
        ReportFormat.Json => "report.json",
        ReportFormat.Sarif => "report.sarif",
        ReportFormat.Markdown => "report.md",
        ReportFormat.Html => "report.html",
        _ => null,
    };

    /// <summary>Renders an assessment.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <param name="catalogue">The catalogue it was made with.</param>
    /// <param name="format">The format.</param>
    /// <returns>The report text.</returns>
    public static string Render(Assessment assessment, SecurityCatalogue catalogue, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(catalogue);
        return format switch
        {
            ReportFormat.Json => JsonReportWriter.Write(assessment),
            ReportFormat.Sarif => SarifReportWriter.Write(assessment, catalogue),
            ReportFormat.Markdown => MarkdownReportWriter.Write(assessment, catalogue),
            ReportFormat.Html => HtmlReportWriter.Write(assessment, catalogue),
            _ => TextReportWriter.Write(assessment, catalogue),
        };
    }
}
