using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rampart.Labels.Model;

namespace Rampart.Labels.Verification;

/// <summary>Renders a <see cref="LabelVerification"/> for people (text) or machines (JSON, field names stable).</summary>
public static class LabelReport
{
    /// <summary>The status as written in reports: <c>intact</c>, <c>content-intact</c>, <c>appended</c>, <c>changed</c>, <c>label-invalid</c>, <c>dataset-unreadable</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string StatusName(LabelStatus status) => status switch
    {
        LabelStatus.Intact => "intact",
        LabelStatus.ContentIntact => "content-intact",
        LabelStatus.Appended => "appended",
        LabelStatus.Changed => "changed",
        LabelStatus.LabelInvalid => "label-invalid",
        _ => "dataset-unreadable",
    };

    /// <summary>The issue kind as written in reports, in kebab case (for example <c>signature-invalid</c>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string KindName(Enum kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var text = kind.ToString();
        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(text[i]));
        }

        return builder.ToString();
    }

    /// <summary>A text report: the status line, the label's declarations, digests, issues and rows.</summary>
    /// <param name="result">The verification.</param>
    /// <param name="datasetPath">The dataset, as the user named it.</param>
    /// <param name="labelPath">The label, as the user named it.</param>
    /// <returns>The text, ending with a newline.</returns>
    public static string ToText(LabelVerification result, string datasetPath, string labelPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"{datasetPath}: {StatusName(result.Status)} (label {labelPath}, signature {(result.SignatureValid ? "valid" : "not valid")})");
        if (result.Label is { } label)
        {
            var info = label.Info;
            Line($"  source: {info.Source}; provider: {info.Provider}; collected {LabelStatement.FormatTime(info.CollectedAt)}; labelled {LabelStatement.FormatTime(label.CreatedAt)}");
            var extra = new List<string>();
            AddIf(extra, "owner", info.Owner);
            AddIf(extra, "purpose", info.Purpose);
            AddIf(extra, "sensitivity", info.Sensitivity?.ToString().ToLowerInvariant());
            AddIf(extra, "classification", info.Classification);
            AddIf(extra, "license", info.License);
            if (extra.Count > 0)
            {
                Line("  " + string.Join("; ", extra));
            }

            Line($"  signed:  sha256 {label.FileSha256}, {label.RowCount} rows, row root {label.RowMerkleRoot}");
            if (result.CurrentSha256 is not null)
            {
                Line($"  current: sha256 {result.CurrentSha256}, {result.CurrentRowCount} rows, row root {result.CurrentRowRoot}");
            }
        }

        foreach (var issue in result.Issues)
        {
            Line($"  {KindName(issue.Kind)}: {issue.Message}");
        }

        if (result.Rows is { } rows)
        {
            foreach (var row in rows.Rows)
            {
                var where = row.Kind switch
                {
                    RowChangeKind.Added => $"current row {row.CurrentRow} (line {row.CurrentLine})",
                    RowChangeKind.Removed => $"signed row {row.OriginalRow}",
                    _ => $"signed row {row.OriginalRow} -> current row {row.CurrentRow} (line {row.CurrentLine})",
                };
                var proof = row.Proof is { } p ? $"; inclusion proof of the signed row ({p.Hashes.Length} hashes): {(p.Verified ? "verified" : "FAILED")}" : "";
                Line($"  {KindName(row.Kind),-8} {where}{proof}");
            }

            if (rows.Truncated)
            {
                Line("  (more rows differ than are listed; the counts above are exact)");
            }
        }

        if (result.Appended is { } appended)
        {
            Line($"  consistency proof {appended.OldSize} -> {appended.NewSize} ({appended.Hashes.Length} hashes): {(appended.Verified ? "verified" : "FAILED")}");
        }

        return text.ToString();
    }

    /// <summary>A JSON report (UTF-8, indented).</summary>
    /// <param name="result">The verification.</param>
    /// <param name="datasetPath">The dataset, as the user named it.</param>
    /// <param name="labelPath">The label, as the user named it.</param>
    /// <returns>The JSON text, ending with a newline.</returns>
    public static string ToJson(LabelVerification result, string datasetPath, string labelPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("dataset", datasetPath);
            json.WriteString("label", labelPath);
            json.WriteString("status", StatusName(result.Status));
            json.WriteBoolean("intact", result.IsIntact);
            json.WriteBoolean("signatureValid", result.SignatureValid);
            if (result.Label is { } label)
            {
                json.WritePropertyName("signed");
                json.WriteRawValue(LabelStatement.Write(label), skipInputValidation: true);
            }

            if (result.CurrentSha256 is not null)
            {
                json.WriteStartObject("current");
                json.WriteString("sha256", result.CurrentSha256);
                json.WriteNumber("rowCount", result.CurrentRowCount ?? 0);
                json.WriteString("rowMerkleRoot", result.CurrentRowRoot);
                json.WriteEndObject();
            }

            json.WriteStartArray("issues");
            foreach (var issue in result.Issues)
            {
                json.WriteStartObject();
                json.WriteString("kind", KindName(issue.Kind));
                if (issue.Field is not null)
                {
                    json.WriteString("field", issue.Field);
                }

                json.WriteString("message", issue.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (result.Rows is { } rows)
            {
                WriteRows(json, rows);
            }

            if (result.Appended is { } appended)
            {
                json.WriteStartObject("appended");
                json.WriteNumber("oldSize", appended.OldSize);
                json.WriteNumber("newSize", appended.NewSize);
                json.WriteString("oldRoot", appended.OldRoot);
                json.WriteString("newRoot", appended.NewRoot);
                WriteHashes(json, "consistencyProof", appended.Hashes);
                json.WriteBoolean("verified", appended.Verified);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteRows(Utf8JsonWriter json, RowChanges rows)
    {
        json.WriteStartObject("rows");
        json.WriteNumber("changed", rows.ChangedCount);
        json.WriteNumber("added", rows.AddedCount);
        json.WriteNumber("removed", rows.RemovedCount);
        json.WriteNumber("moved", rows.MovedCount);
        json.WriteBoolean("exact", rows.Exact);
        json.WriteBoolean("truncated", rows.Truncated);
        json.WriteStartArray("list");
        foreach (var row in rows.Rows)
        {
            json.WriteStartObject();
            json.WriteString("kind", KindName(row.Kind));
            WriteOptional(json, "originalRow", row.OriginalRow);
            WriteOptional(json, "currentRow", row.CurrentRow);
            WriteOptional(json, "currentLine", row.CurrentLine);
            if (row.CurrentLeafHash is not null)
            {
                json.WriteString("currentLeafHash", row.CurrentLeafHash);
            }

            if (row.Proof is { } proof)
            {
                json.WriteStartObject("inclusionProof");
                json.WriteNumber("leafIndex", proof.LeafIndex);
                json.WriteNumber("treeSize", proof.TreeSize);
                json.WriteString("leafHash", proof.LeafHash);
                WriteHashes(json, "hashes", proof.Hashes);
                json.WriteBoolean("verified", proof.Verified);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHashes(Utf8JsonWriter json, string name, IEnumerable<string> hashes)
    {
        json.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            json.WriteStringValue(hash);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }

    private static void AddIf(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: {value}"));
        }
    }
}
