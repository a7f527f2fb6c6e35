using System.Text.Json;
using System.Text.Json.Serialization;
using Rampart.Assessments;

namespace Rampart.Reporting.Json;

/// <summary>
/// Writes the JSON report: <c>{"schema": "rampart-report", "schemaVersion": "1.0", "assessment": {...}}</c>,
/// documented in docs/report-schema.md. Property names are camelCase, enums are strings, undefined numbers are
/// the string <c>"NaN"</c>.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>The schema name.</summary>
    public const string SchemaName = "rampart-report";

    /// <summary>The schema version. Adding fields keeps the major version; removing or changing one bumps it.</summary>
    public const string SchemaVersion = "1.0";

    /// <summary>Renders the report.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <returns>Indented JSON ending with a newline.</returns>
    public static string Write(Assessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var document = new ReportDocument { Schema = SchemaName, SchemaVersion = SchemaVersion, Assessment = assessment };
        return JsonSerializer.Serialize(document, ReportJsonContext.Default.ReportDocument) + "\n";
    }

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report document.</returns>
    /// <exception cref="JsonException">When the text is not a report.</exception>
    public static ReportDocument Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ReportJsonContext.Default.ReportDocument)
            ?? throw new JsonException("The report is empty.");
    }
}

/// <summary>The root of the JSON report.</summary>
public sealed record ReportDocument
{
    /// <summary>Always <c>rampart-report</c>.</summary>
    public required string Schema { get; init; }

    /// <summary>The schema version.</summary>
    public required string SchemaVersion { get; init; }

    /// <summary>The assessment.</summary>
    public required Assessment Assessment { get; init; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters =
    [
        typeof(KebabEnumConverter<Rampart.Checks.Severity>), typeof(KebabEnumConverter<Rampart.Checks.Confidence>),
        typeof(KebabEnumConverter<Rampart.Checks.Verdict>), typeof(KebabEnumConverter<CheckOutcome>),
        typeof(KebabEnumConverter<CoverageState>), typeof(KebabEnumConverter<Rampart.Catalogue.RequirementLevel>),
        typeof(KebabEnumConverter<Rampart.Manifest.RiskTreatment>), typeof(KebabEnumConverter<Rampart.Checks.ChartKind>),
    ],
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReportDocument))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

/// <summary>Writes an enum as a lower-case kebab-case string (<c>VerifiedByCheck</c> becomes <c>verified-by-check</c>).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class KebabEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
