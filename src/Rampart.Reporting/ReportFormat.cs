namespace Rampart.Reporting;

/// <summary>The report formats Rampart writes.</summary>
public enum ReportFormat
{
    /// <summary>Human-readable console text.</summary>
    Text,

    /// <summary>JSON with a versioned schema (docs/report-schema.md).</summary>
    Json,

    /// <summary>SARIF 2.1.0.</summary>
    Sarif,

    /// <summary>Markdown.</summary>
    Markdown,

    /// <summary>One self-contained HTML file with inline SVG charts.</summary>
    Html,
}
