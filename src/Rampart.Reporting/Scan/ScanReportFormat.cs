namespace Rampart.Reporting.Scan;

/// <summary>Output formats of <c>rampart scan</c>.</summary>
public enum ScanReportFormat
{
    /// <summary>Console text: one line per file, findings indented below.</summary>
    Text,

    /// <summary>JSON (<c>rampart-scan</c> schema 1.0).</summary>
    Json,

    /// <summary>SARIF 2.1.0.</summary>
    Sarif,
}
