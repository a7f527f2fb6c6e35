using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rampart.Labels.Rows;

namespace Rampart.Labels.Model;

/// <summary>
/// Writes a <see cref="DatasetLabel"/> as an in-toto Statement v1 and reads one back. Reading is size- and
/// depth-limited and strict: every defect throws <see cref="LabelFormatException"/> naming the field.
/// </summary>
public static partial class LabelStatement
{
    /// <summary>The in-toto statement type.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>The largest statement read, in bytes.</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The deepest JSON nesting accepted.</summary>
    public const int MaxDepth = 16;

    /// <summary>The most columns a label may list.</summary>
    public const int MaxColumns = 100_000;

    /// <summary>Serialises the statement (compact UTF-8 JSON, fields in a fixed order).</summary>
    /// <param name="label">The label.</param>
    /// <returns>The statement bytes, the DSSE payload.</returns>
    public static byte[] Write(DatasetLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("_type", StatementType);
            json.WriteStartArray("subject");
            json.WriteStartObject();
            json.WriteString("name", label.SubjectName);
            json.WriteStartObject("digest");
            json.WriteString("sha256", label.FileSha256);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("predicateType", DatasetLabel.PredicateType);
            json.WriteStartObject("predicate");
            var info = label.Info;
            json.WriteString("source", info.Source);
            json.WriteString("provider", info.Provider);
            WriteOptional(json, "owner", info.Owner);
            json.WriteString("collectedAt", FormatTime(info.CollectedAt));
            json.WriteString("createdAt", FormatTime(label.CreatedAt));
            WriteOptional(json, "purpose", info.Purpose);
            WriteOptional(json, "sensitivity", info.Sensitivity?.ToString().ToLowerInvariant());
            WriteOptional(json, "classification", info.Classification);
            WriteOptional(json, "license", info.License);
            json.WriteString("format", label.Format);
            json.WriteString("separator", label.Separator.ToString());
            json.WriteNumber("fileBytes", label.FileBytes);
            json.WriteNumber("rowCount", label.RowCount);
            json.WriteStartArray("columns");
            foreach (var column in label.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteString("schemaSha256", label.SchemaSha256);
            json.WriteString("rowEncoding", label.RowEncoding);
            json.WriteString("rowMerkleRoot", label.RowMerkleRoot);
            if (label.RowHashes is { } rows)
            {
                json.WriteStartObject("rowHashes");
                json.WriteString("file", rows.File);
                json.WriteString("sha256", rows.Sha256);
                json.WriteNumber("bytes", rows.Bytes);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a statement (the DSSE payload).</summary>
    /// <param name="payload">The statement bytes.</param>
    /// <returns>The label.</returns>
    /// <exception cref="LabelFormatException">The statement is malformed; the exception names the field.</exception>
    public static DatasetLabel Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxBytes)
        {
            throw new LabelFormatException("(statement)", $"{payload.Length} bytes is over the {MaxBytes}-byte limit");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException error)
        {
            throw new LabelFormatException("(statement)", "not valid JSON: " + error.Message);
        }

        using (document)
        {
            var root = Object(document.RootElement, "statement");
            var type = String(root, "_type", "_type");
            if (type != StatementType)
            {
                throw new LabelFormatException("_type", $"'{type}' is not {StatementType}");
            }

            var predicateType = String(root, "predicateType", "predicateType");
            if (predicateType != DatasetLabel.PredicateType)
            {
                throw new LabelFormatException("predicateType", $"'{predicateType}' is not {DatasetLabel.PredicateType}");
            }

            var subjects = Array(Required(root, "subject", "subject"), "subject");
            if (subjects.GetArrayLength() != 1)
            {
                throw new LabelFormatException("subject", $"a dataset label has exactly one subject, found {subjects.GetArrayLength()}");
            }

            var subject = Object(subjects[0], "subject[0]");
            var name = String(subject, "name", "subject[0].name");
            var digest = Object(Required(subject, "digest", "subject[0].digest"), "subject[0].digest");
            var fileSha = Hex(digest, "sha256", "subject[0].digest.sha256");

            var p = Object(Required(root, "predicate", "predicate"), "predicate");
            var info = new DatasetLabelInfo
            {
                Source = String(p, "source", "predicate.source"),
                Provider = String(p, "provider", "predicate.provider"),
                Owner = OptionalString(p, "owner", "predicate.owner"),
                CollectedAt = Time(p, "collectedAt", "predicate.collectedAt"),
                Purpose = OptionalString(p, "purpose", "predicate.purpose"),
                Sensitivity = OptionalString(p, "sensitivity", "predicate.sensitivity") is { } s ? ParseSensitivity(s, "predicate.sensitivity") : null,
                Classification = OptionalString(p, "classification", "predicate.classification"),
                License = OptionalString(p, "license", "predicate.license"),
            };
            if (info.Validate() is { IsEmpty: false } problems)
            {
                throw new LabelFormatException(problems[0].Field!, problems[0].Message);
            }

            var format = String(p, "format", "predicate.format");
            if (format != DatasetLabel.CsvFormat)
            {
                throw new LabelFormatException("predicate.format", $"'{format}' is not a supported format (only '{DatasetLabel.CsvFormat}')");
            }

            var separator = String(p, "separator", "predicate.separator");
            if (separator.Length != 1 || separator[0] is '"' or '\r' or '\n' || separator[0] > 127)
            {
                throw new LabelFormatException("predicate.separator", "must be one ASCII character other than a quote, CR or LF");
            }

            var encoding = String(p, "rowEncoding", "predicate.rowEncoding");
            if (encoding != RowEncoding.Name)
            {
                throw new LabelFormatException("predicate.rowEncoding", $"'{encoding}' is not a supported row encoding (only '{RowEncoding.Name}')");
            }

            var columnsElement = Array(Required(p, "columns", "predicate.columns"), "predicate.columns");
            if (columnsElement.GetArrayLength() > MaxColumns)
            {
                throw new LabelFormatException("predicate.columns", $"{columnsElement.GetArrayLength()} columns is over the limit of {MaxColumns}");
            }

            var columns = ImmutableArray.CreateBuilder<string>();
            var index = 0;
            foreach (var column in columnsElement.EnumerateArray())
            {
                columns.Add(column.ValueKind == JsonValueKind.String ? Text(column, $"predicate.columns[{index}]") : throw new LabelFormatException($"predicate.columns[{index}]", "must be a string"));
                index++;
            }

            var schema = Hex(p, "schemaSha256", "predicate.schemaSha256");
            if (Convert.ToHexStringLower(RowEncoding.SchemaHash(columns)) != schema)
            {
                throw new LabelFormatException("predicate.schemaSha256", "does not match the hash of predicate.columns");
            }

            RowHashesRef? rowHashes = null;
            if (p.TryGetProperty("rowHashes", out var rowsElement))
            {
                var rows = Object(rowsElement, "predicate.rowHashes");
                var file = String(rows, "file", "predicate.rowHashes.file");
                if (file.Length == 0 || file != Path.GetFileName(file) || file is "." or ".." || file.Contains('\\', StringComparison.Ordinal))
                {
                    throw new LabelFormatException("predicate.rowHashes.file", $"'{file}' must be a plain file name (no folders)");
                }

                rowHashes = new RowHashesRef { File = file, Sha256 = Hex(rows, "sha256", "predicate.rowHashes.sha256"), Bytes = Count(rows, "bytes", "predicate.rowHashes.bytes") };
            }

            return new DatasetLabel
            {
                SubjectName = name,
                FileSha256 = fileSha,
                Info = info,
                CreatedAt = Time(p, "createdAt", "predicate.createdAt"),
                Format = format,
                Separator = separator[0],
                FileBytes = Count(p, "fileBytes", "predicate.fileBytes"),
                RowCount = Count(p, "rowCount", "predicate.rowCount"),
                Columns = columns.ToImmutable(),
                SchemaSha256 = schema,
                RowEncoding = encoding,
                RowMerkleRoot = Hex(p, "rowMerkleRoot", "predicate.rowMerkleRoot"),
                RowHashes = rowHashes,
            };
        }
    }

    /// <summary>Formats a time as RFC 3339 in UTC (<c>2026-01-15T08:30:00Z</c>, fractions only when present).</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture).Replace(".Z", "Z", StringComparison.Ordinal);

    /// <summary>Parses an RFC 3339 date-time (with a zone) or a plain date (taken as midnight UTC).</summary>
    /// <param name="text">The text.</param>
    /// <param name="time">The time.</param>
    /// <returns>Whether the text is one of the two forms.</returns>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (text is null || !Rfc3339().IsMatch(text))
        {
            return false;
        }

        if (text.Length == 10)
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return false;
            }

            time = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}([Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?$")]
    private static partial Regex Rfc3339();

    private static DatasetSensitivity ParseSensitivity(string text, string field) => text switch
    {
        "public" => DatasetSensitivity.Public,
        "internal" => DatasetSensitivity.Internal,
        "confidential" => DatasetSensitivity.Confidential,
        "restricted" => DatasetSensitivity.Restricted,
        _ => throw new LabelFormatException(field, $"'{text}' is not one of public, internal, confidential, restricted"),
    };

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static JsonElement Required(JsonElement parent, string name, string field) =>
        parent.TryGetProperty(name, out var value) ? value : throw new LabelFormatException(field, "missing");

    private static JsonElement Object(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new LabelFormatException(field, $"must be an object, not {element.ValueKind}");

    private static JsonElement Array(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new LabelFormatException(field, $"must be an array, not {element.ValueKind}");

    private static string String(JsonElement parent, string name, string field)
    {
        var value = Required(parent, name, field);
        return value.ValueKind == JsonValueKind.String ? Text(value, field) : throw new LabelFormatException(field, $"must be a string, not {value.ValueKind}");
    }

    private static string Text(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new LabelFormatException(field, "is not valid UTF-8");
        }
    }

    private static string? OptionalString(JsonElement parent, string name, string field) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? String(parent, name, field) : null;

    private static string Hex(JsonElement parent, string name, string field)
    {
        var text = String(parent, name, field);
        return text.Length == 64 && text.All(char.IsAsciiHexDigitLower) ? text : throw new LabelFormatException(field, "must be 64 lower-case hex digits (a SHA-256)");
    }

    private static long Count(JsonElement parent, string name, string field)
    {
        var value = Required(parent, name, field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new LabelFormatException(field, "must be a whole number, zero or more");
    }

    private static DateTimeOffset Time(JsonElement parent, string name, string field)
    {
        var text = String(parent, name, field);
        return TryParseTime(text, out var time) ? time : throw new LabelFormatException(field, $"'{text}' is not an RFC 3339 date-time");
    }
}
