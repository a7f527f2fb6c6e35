using System.Text.Encodings.Web;
using System.Text.Json;
using Rampart.Signing.Bundles;

namespace Rampart.Signing.Signing;

/// <summary>
/// Writes an in-toto Statement v1 with the OMS <c>https://model_signing/signature/v1.0</c> predicate, indented by two
/// spaces as model_signing writes it: <c>_type</c>, <c>subject[{name, digest{sha256}}]</c>, <c>predicateType</c>,
/// <c>predicate{serialization{method, hash_type, allow_symlinks, ignore_paths}, resources[{name, algorithm, digest}]}</c>.
/// </summary>
public static class StatementWriter
{
    /// <summary>The in-toto Statement v1 type.</summary>
    public const string StatementType = "https://in-toto.io/Statement/v1";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="statement"/> as UTF-8 JSON: the exact bytes to sign.</summary>
    /// <exception cref="ArgumentException">
    /// The statement does not use the v1.0 predicate, has no serialization record, or does not have exactly one subject.
    /// </exception>
    public static byte[] Write(InTotoStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.PredicateType != InTotoStatement.SignatureV1PredicateType || statement.Serialization is null)
        {
            throw new ArgumentException($"Only the {InTotoStatement.SignatureV1PredicateType} predicate with a serialization record is written.", nameof(statement));
        }

        if (statement.Subjects.Length != 1)
        {
            throw new ArgumentException("The v1.0 predicate needs exactly one subject.", nameof(statement));
        }

        var serialization = statement.Serialization;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            writer.WriteStartObject();
            writer.WriteString("_type", StatementType);
            writer.WriteStartArray("subject");
            foreach (var subject in statement.Subjects)
            {
                writer.WriteStartObject();
                writer.WriteString("name", subject.Name);
                writer.WriteStartObject("digest");
                writer.WriteString("sha256", subject.Sha256);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("predicateType", statement.PredicateType);
            writer.WriteStartObject("predicate");
            writer.WriteStartObject("serialization");
            writer.WriteString("method", serialization.Method);
            writer.WriteString("hash_type", serialization.HashType);
            writer.WriteBoolean("allow_symlinks", serialization.AllowSymlinks);
            writer.WriteStartArray("ignore_paths");
            foreach (var path in serialization.IgnorePaths)
            {
                writer.WriteStringValue(path);
            }

            writer.WriteEndArray();
            if (serialization.ShardSize is { } shardSize)
            {
                writer.WriteNumber("shard_size", shardSize);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("resources");
            foreach (var resource in statement.Resources)
            {
                writer.WriteStartObject();
                writer.WriteString("name", resource.Name);
                writer.WriteString("algorithm", resource.Algorithm);
                writer.WriteString("digest", resource.Digest);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
