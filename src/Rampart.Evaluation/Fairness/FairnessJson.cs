using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Fairness reports as JSON: camelCase property names, enums as kebab-case strings, undefined numbers as the string
/// <c>"NaN"</c>, null members left out (the conventions of Rampart's JSON report).
/// </summary>
public static class FairnessJson
{
    /// <summary>Renders a classification fairness report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON ending with a newline.</returns>
    public static string Write(FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, FairnessJsonContext.Default.FairnessReport) + "\n";
    }

    /// <summary>Renders a regression fairness report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Indented JSON ending with a newline.</returns>
    public static string Write(RegressionFairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, FairnessJsonContext.Default.RegressionFairnessReport) + "\n";
    }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(KebabEnumConverter<ThresholdDirection>), typeof(KebabEnumConverter<VerdictOutcome>)],
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FairnessReport))]
[JsonSerializable(typeof(RegressionFairnessReport))]
internal sealed partial class FairnessJsonContext : JsonSerializerContext;

/// <summary>Writes an enum as a lower-case kebab-case string (<c>AtMost</c> becomes <c>at-most</c>).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class KebabEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
