using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rampart.ML.Data;

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(KebabEnumConverter<ColumnType>), typeof(KebabEnumConverter<CategoricalEncoding>), typeof(KebabEnumConverter<UnknownCategoryPolicy>)],
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(FeatureMapDocument))]
internal sealed partial class FeatureMapJsonContext : JsonSerializerContext;

/// <summary>Writes an enum as a lower-case kebab-case string (<c>AllZeros</c> becomes <c>all-zeros</c>).</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class KebabEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
