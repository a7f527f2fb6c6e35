using System.Collections.Immutable;
using System.Text.Json;
using Rampart.Signing.Manifests;

namespace Rampart.Signing.Bundles;

/// <summary>
/// Parses a Sigstore bundle (v0.3 JSON, and the camelCase or snake_case forms older tools wrote) into its DSSE
/// envelope, and the envelope's payload into an in-toto statement with an OMS predicate. Input is size- and
/// depth-limited; every defect throws <see cref="BundleFormatException"/> naming the field.
/// </summary>
public static class BundleParser
{
    /// <summary>The largest bundle or statement accepted, in bytes (16 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The deepest JSON nesting accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>The in-toto payload type.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    private const string StatementType = "https://in-toto.io/Statement/v1";

    /// <summary>Parses a bundle from its JSON bytes.</summary>
    /// <exception cref="BundleFormatException">The bundle is malformed; the exception names the field.</exception>
    public static SigstoreBundle ParseBundle(ReadOnlySpan<byte> json)
    {
        using var document = Open(json, "bundle");
        var root = RequireObject(document.RootElement, "(bundle)");
        var mediaType = OptionalString(root, "mediaType", "media_type") ?? "";
        var materialElement = Property(root, "verificationMaterial", "verification_material");
        var material = materialElement is { } m ? ParseMaterial(RequireObject(m, "verificationMaterial")) : new BundleVerificationMaterial();
        var envelopeElement = Property(root, "dsseEnvelope", "dsse_envelope")
            ?? throw new BundleFormatException("dsseEnvelope", Property(root, "messageSignature", "message_signature") is null
                ? "missing"
                : "the bundle holds a message signature, not a DSSE envelope; OMS signs statements with DSSE");
        return new SigstoreBundle { MediaType = mediaType, VerificationMaterial = material, Envelope = ParseEnvelope(RequireObject(envelopeElement, "dsseEnvelope"), InTotoPayloadType) };
    }

    /// <summary>Parses an in-toto statement from the exact payload bytes.</summary>
    /// <exception cref="BundleFormatException">The statement is malformed; the exception names the field.</exception>
    public static InTotoStatement ParseStatement(ReadOnlySpan<byte> payload)
    {
        using var document = Open(payload, "statement");
        var root = RequireObject(document.RootElement, "statement");
        var type = RequireString(root, "statement._type", "_type");
        if (type != StatementType)
        {
            throw new BundleFormatException("statement._type", $"'{type}' is not {StatementType}");
        }

        var predicateType = RequireString(root, "statement.predicateType", "predicateType", "predicate_type");
        var subjectsElement = Property(root, "subject") ?? throw new BundleFormatException("statement.subject", "missing");
        var subjects = ParseSubjects(RequireArray(subjectsElement, "statement.subject"));
        switch (predicateType)
        {
            case InTotoStatement.SignatureV1PredicateType:
                {
                    if (subjects.Length != 1)
                    {
                        throw new BundleFormatException("statement.subject", $"the v1.0 predicate needs exactly one subject, found {subjects.Length}");
                    }

                    var predicate = RequireObject(Property(root, "predicate") ?? throw new BundleFormatException("statement.predicate", "missing"), "statement.predicate");
                    var serialization = ParseSerialization(RequireObject(
                        Property(predicate, "serialization") ?? throw new BundleFormatException("statement.predicate.serialization", "missing"),
                        "statement.predicate.serialization"));
                    var resources = ParseResources(RequireArray(
                        Property(predicate, "resources") ?? throw new BundleFormatException("statement.predicate.resources", "missing"),
                        "statement.predicate.resources"));
                    return new InTotoStatement { Subjects = subjects, PredicateType = predicateType, Serialization = serialization, Resources = resources };
                }

            case InTotoStatement.DigestsV01PredicateType:
                return new InTotoStatement
                {
                    Subjects = subjects,
                    PredicateType = predicateType,
                    Resources = [.. subjects.Select(s => new ManifestResource { Name = s.Name, Algorithm = "sha256", Digest = s.Sha256 })],
                };

            default:
                throw new BundleFormatException("statement.predicateType", $"'{predicateType}' is not an OMS predicate");
        }
    }

    /// <summary>
    /// Parses a bare DSSE envelope (<c>{"payload", "payloadType", "signatures": [{"sig", "keyid"}]}</c>) of any payload
    /// type from its JSON bytes. Field names in errors start with <c>dsseEnvelope.</c>.
    /// </summary>
    /// <exception cref="BundleFormatException">The envelope is malformed; the exception names the field.</exception>
    public static DsseEnvelope ParseEnvelope(ReadOnlySpan<byte> json)
    {
        using var document = Open(json, "envelope");
        return ParseEnvelope(RequireObject(document.RootElement, "dsseEnvelope"), requiredPayloadType: null);
    }

    private static JsonDocument Open(ReadOnlySpan<byte> json, string what)
    {
        if (json.Length > MaxBytes)
        {
            throw new BundleFormatException("(" + what + ")", $"{json.Length} bytes is over the {MaxBytes}-byte limit");
        }

        try
        {
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException error)
        {
            throw new BundleFormatException("(" + what + ")", "not valid JSON: " + error.Message);
        }
    }

    private static BundleVerificationMaterial ParseMaterial(JsonElement material)
    {
        string? hint = null;
        ReadOnlyMemory<byte>? raw = null;
        string? details = null;
        if (Property(material, "publicKey", "public_key") is { } keyElement)
        {
            var key = RequireObject(keyElement, "verificationMaterial.publicKey");
            hint = OptionalString(key, "hint");
            raw = OptionalBase64(key, "verificationMaterial.publicKey.rawBytes", "rawBytes", "raw_bytes");
            details = OptionalString(key, "keyDetails", "key_details");
        }

        var chain = ImmutableArray<ReadOnlyMemory<byte>>.Empty;
        if (Property(material, "x509CertificateChain", "x509_certificate_chain") is { } chainElement)
        {
            const string Field = "verificationMaterial.x509CertificateChain.certificates";
            var certificates = RequireArray(
                Property(RequireObject(chainElement, "verificationMaterial.x509CertificateChain"), "certificates") ?? throw new BundleFormatException(Field, "missing"),
                Field);
            var builder = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
            var index = 0;
            foreach (var certificate in certificates.EnumerateArray())
            {
                var field = $"{Field}[{index++}]";
                builder.Add(OptionalBase64(RequireObject(certificate, field), field + ".rawBytes", "rawBytes", "raw_bytes")
                    ?? throw new BundleFormatException(field + ".rawBytes", "missing"));
            }

            if (builder.Count == 0)
            {
                throw new BundleFormatException(Field, "empty");
            }

            chain = builder.ToImmutable();
        }

        ReadOnlyMemory<byte>? leaf = null;
        if (Property(material, "certificate") is { } certificateElement)
        {
            leaf = OptionalBase64(RequireObject(certificateElement, "verificationMaterial.certificate"), "verificationMaterial.certificate.rawBytes", "rawBytes", "raw_bytes")
                ?? throw new BundleFormatException("verificationMaterial.certificate.rawBytes", "missing");
        }

        return new BundleVerificationMaterial { PublicKeyHint = hint, PublicKeyRawBytes = raw, KeyDetails = details, CertificateChain = chain, Certificate = leaf };
    }

    private static DsseEnvelope ParseEnvelope(JsonElement envelope, string? requiredPayloadType)
    {
        var payload = OptionalBase64(envelope, "dsseEnvelope.payload", "payload") ?? throw new BundleFormatException("dsseEnvelope.payload", "missing");
        var payloadType = RequireString(envelope, "dsseEnvelope.payloadType", "payloadType", "payload_type");
        if (requiredPayloadType is not null && payloadType != requiredPayloadType)
        {
            throw new BundleFormatException("dsseEnvelope.payloadType", $"'{payloadType}' is not {requiredPayloadType}");
        }

        var signatures = RequireArray(
            Property(envelope, "signatures") ?? throw new BundleFormatException("dsseEnvelope.signatures", "missing"),
            "dsseEnvelope.signatures");
        var builder = ImmutableArray.CreateBuilder<DsseSignature>();
        var index = 0;
        foreach (var element in signatures.EnumerateArray())
        {
            var field = $"dsseEnvelope.signatures[{index++}]";
            var signature = RequireObject(element, field);
            builder.Add(new DsseSignature
            {
                Signature = OptionalBase64(signature, field + ".sig", "sig") ?? throw new BundleFormatException(field + ".sig", "missing"),
                KeyId = OptionalString(signature, "keyid"),
            });
        }

        if (builder.Count == 0)
        {
            throw new BundleFormatException("dsseEnvelope.signatures", "empty");
        }

        return new DsseEnvelope { Payload = payload, PayloadType = payloadType, Signatures = builder.ToImmutable() };
    }

    private static ImmutableArray<StatementSubject> ParseSubjects(JsonElement subjects)
    {
        var builder = ImmutableArray.CreateBuilder<StatementSubject>();
        var index = 0;
        foreach (var element in subjects.EnumerateArray())
        {
            var field = $"statement.subject[{index++}]";
            var subject = RequireObject(element, field);
            var name = OptionalString(subject, "name") ?? "";
            var digest = RequireObject(Property(subject, "digest") ?? throw new BundleFormatException(field + ".digest", "missing"), field + ".digest");
            builder.Add(new StatementSubject { Name = name, Sha256 = RequireHex(digest, field + ".digest.sha256", "sha256", 32) });
        }

        return builder.ToImmutable();
    }

    private static ManifestSerialization ParseSerialization(JsonElement serialization)
    {
        const string Field = "statement.predicate.serialization";
        var method = RequireString(serialization, Field + ".method", "method");
        var hashType = RequireString(serialization, Field + ".hash_type", "hash_type", "hashType");
        var allowSymlinks = false;
        if (Property(serialization, "allow_symlinks", "allowSymlinks") is { } allow)
        {
            allowSymlinks = allow.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BundleFormatException(Field + ".allow_symlinks", "not a boolean"),
            };
        }

        var ignore = ImmutableArray<string>.Empty;
        if (Property(serialization, "ignore_paths", "ignorePaths") is { } paths)
        {
            var builder = ImmutableArray.CreateBuilder<string>();
            var index = 0;
            foreach (var path in RequireArray(paths, Field + ".ignore_paths").EnumerateArray())
            {
                builder.Add(path.ValueKind == JsonValueKind.String
                    ? ReadString(path, $"{Field}.ignore_paths[{index}]")
                    : throw new BundleFormatException($"{Field}.ignore_paths[{index}]", "not a string"));
                index++;
            }

            ignore = builder.ToImmutable();
        }

        long? shardSize = null;
        if (Property(serialization, "shard_size", "shardSize") is { } shard)
        {
            shardSize = ReadWholeNumber(shard, Field + ".shard_size");
        }

        return new ManifestSerialization { Method = method, HashType = hashType, AllowSymlinks = allowSymlinks, IgnorePaths = ignore, ShardSize = shardSize };
    }

    private static ImmutableArray<ManifestResource> ParseResources(JsonElement resources)
    {
        var builder = ImmutableArray.CreateBuilder<ManifestResource>();
        var index = 0;
        foreach (var element in resources.EnumerateArray())
        {
            var field = $"statement.predicate.resources[{index++}]";
            var resource = RequireObject(element, field);
            builder.Add(new ManifestResource
            {
                Name = RequireString(resource, field + ".name", "name"),
                Algorithm = RequireString(resource, field + ".algorithm", "algorithm"),
                Digest = RequireHex(resource, field + ".digest", "digest", 0),
            });
        }

        return builder.ToImmutable();
    }

    /// <summary>Reads an integer that protobuf's Struct may have written as a float such as <c>8.0</c>.</summary>
    internal static long ReadWholeNumber(JsonElement element, string field)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw new BundleFormatException(field, "not a number");
        }

        if (element.TryGetInt64(out var whole))
        {
            return whole >= 0 ? whole : throw new BundleFormatException(field, "negative");
        }

        if (element.TryGetDouble(out var value) && value >= 0 && value <= 9.0e15 && Math.Floor(value) == value)
        {
            return (long)value;
        }

        throw new BundleFormatException(field, "not a whole non-negative number");
    }

    private static JsonElement? Property(JsonElement obj, params string[] names)
    {
        foreach (var name in names)
        {
            if (obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    private static JsonElement RequireObject(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new BundleFormatException(field, "not an object");

    private static JsonElement RequireArray(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new BundleFormatException(field, "not an array");

    private static string RequireString(JsonElement obj, string field, params string[] names) =>
        OptionalStringAt(obj, field, names) ?? throw new BundleFormatException(field, "missing");

    private static string? OptionalString(JsonElement obj, params string[] names) => OptionalStringAt(obj, names[0], names);

    private static string? OptionalStringAt(JsonElement obj, string field, string[] names) => Property(obj, names) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => ReadString(value, field),
        _ => throw new BundleFormatException(field, "not a string"),
    };

    private static string ReadString(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new BundleFormatException(field, "not valid UTF-8");
        }
    }

    private static ReadOnlyMemory<byte>? OptionalBase64(JsonElement obj, string field, params string[] names)
    {
        var text = OptionalStringAt(obj, field, names);
        if (text is null)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new BundleFormatException(field, "not base64");
        }
    }

    private static string RequireHex(JsonElement obj, string field, string name, int length)
    {
        var text = RequireString(obj, field, name);
        if (text.Length == 0 || text.Length % 2 != 0 || !text.All(Uri.IsHexDigit) || (length > 0 && text.Length != length * 2))
        {
            throw new BundleFormatException(field, length > 0 ? $"not {length * 2} hexadecimal digits" : "not hexadecimal");
        }

        return text.ToLowerInvariant();
    }
}
