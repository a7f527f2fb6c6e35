using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Rampart.Ledger.Events;

/// <summary>Reads entry bytes back into a <see cref="LedgerEvent"/>, naming the field of every problem.</summary>
internal static class EventReader
{
    private static readonly string[] Members = ["actor", "details", "kind", "subjects", "system", "time", "v"];

    public static EventParseResult Read(ReadOnlySpan<byte> entry)
    {
        if (entry.Length > LedgerEvent.MaxEntryBytes)
        {
            return Fail($"entry: {entry.Length} bytes; at most {LedgerEvent.MaxEntryBytes}");
        }

        // One parse: whatever is not canonical (order, white space, escapes, numbers, duplicate names) makes the
        // bytes differ from the event's canonical form, which is compared at the end.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(entry.ToArray(), new JsonDocumentOptions { MaxDepth = CanonicalJson.MaxDepth });
        }
        catch (JsonException ex)
        {
            return Fail($"entry: Not valid JSON: {ex.Message}");
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement, entry);
            }
            catch (InvalidOperationException ex)
            {
                return Fail($"entry: a string is not valid UTF-16 (a lone surrogate?): {ex.Message}");
            }
        }
    }

    private static EventParseResult Read(JsonElement root, ReadOnlySpan<byte> entry)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail($"entry: must be a JSON object, not {root.ValueKind}");
        }

        var problems = ImmutableArray.CreateBuilder<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!Members.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add($"{property.Name}: unknown member (an entry has {string.Join(", ", Members)})");
            }
        }

        var version = Member(root, "v", JsonValueKind.Number, problems);
        if (version is { } v && (!v.TryGetInt32(out var number) || number != LedgerEvent.FormatVersion))
        {
            problems.Add($"v: format version {v.GetRawText()} is not supported (expected {LedgerEvent.FormatVersion})");
        }

        var kindText = Member(root, "kind", JsonValueKind.String, problems)?.GetString();
        var kindKnown = EventKinds.TryParse(kindText, out var kind);
        if (kindText is not null && !kindKnown)
        {
            problems.Add($"kind: '{kindText}' is not an event kind (one of {string.Join(", ", EventKinds.All.Select(EventKinds.Name))})");
        }

        var actor = Member(root, "actor", JsonValueKind.String, problems)?.GetString();
        var system = Member(root, "system", JsonValueKind.String, problems)?.GetString();
        var timeText = Member(root, "time", JsonValueKind.String, problems)?.GetString();
        var time = default(DateTimeOffset);
        if (timeText is not null)
        {
            if (DateTime.TryParseExact(timeText, LedgerEvent.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            {
                time = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
            }
            else
            {
                problems.Add($"time: '{timeText}' is not UTC time as yyyy-MM-ddTHH:mm:ss.fffZ");
            }
        }

        var subjects = ReadSubjects(Member(root, "subjects", JsonValueKind.Array, problems), problems);
        var details = ReadDetails(Member(root, "details", JsonValueKind.Object, problems), problems);
        if (problems.Count > 0 || actor is null || system is null || !kindKnown)
        {
            return new EventParseResult(null, problems.ToImmutable());
        }

        var e = new LedgerEvent { Kind = kind, Actor = actor, System = system, Time = time, Subjects = subjects, Details = details };
        var invalid = e.Validate();
        if (!invalid.IsEmpty)
        {
            return new EventParseResult(null, invalid);
        }

        return e.WriteCanonicalJson().AsSpan().SequenceEqual(entry)
            ? new EventParseResult(e, [])
            : Fail("entry: the bytes are not in RFC 8785 canonical form");
    }

    private static JsonElement? Member(JsonElement root, string name, JsonValueKind kind, ImmutableArray<string>.Builder problems)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            problems.Add($"{name}: missing");
            return null;
        }

        if (value.ValueKind != kind)
        {
            problems.Add($"{name}: must be {Describe(kind)}, not {Describe(value.ValueKind)}");
            return null;
        }

        return value;
    }

    private static ImmutableArray<EventSubject> ReadSubjects(JsonElement? array, ImmutableArray<string>.Builder problems)
    {
        if (array is not { } items)
        {
            return [];
        }

        var subjects = ImmutableArray.CreateBuilder<EventSubject>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var field = $"subjects[{index++}]";
            if (subjects.Count >= LedgerEvent.MaxSubjects)
            {
                problems.Add($"subjects: more than {LedgerEvent.MaxSubjects}");
                break;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{field}: must be an object with name and digest");
                continue;
            }

            foreach (var property in item.EnumerateObject().Where(p => p.Name is not ("name" or "digest")))
            {
                problems.Add($"{field}.{property.Name}: unknown member (a subject has name and digest)");
            }

            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name is null)
            {
                problems.Add($"{field}.name: missing or not a string");
            }

            string? sha256 = null;
            if (!item.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{field}.digest: missing or not an object");
            }
            else
            {
                foreach (var property in digest.EnumerateObject().Where(p => p.Name != "sha256"))
                {
                    problems.Add($"{field}.digest.{property.Name}: unknown algorithm (only sha256)");
                }

                sha256 = digest.TryGetProperty("sha256", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                if (sha256 is null)
                {
                    problems.Add($"{field}.digest.sha256: missing or not a string");
                }
            }

            if (name is not null && sha256 is not null)
            {
                subjects.Add(new EventSubject(name, sha256));
            }
        }

        return subjects.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, DetailValue> ReadDetails(JsonElement? element, ImmutableArray<string>.Builder problems)
    {
        var details = ImmutableSortedDictionary.CreateBuilder<string, DetailValue>(StringComparer.Ordinal);
        if (element is not { } obj)
        {
            return details.ToImmutable();
        }

        foreach (var property in obj.EnumerateObject())
        {
            var field = $"details.{property.Name}";
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    details[property.Name] = DetailValue.Of(value.GetString()!);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    details[property.Name] = DetailValue.Of(value.GetBoolean());
                    break;
                case JsonValueKind.Number when value.TryGetInt64(out var whole) && Math.Abs(whole) <= DetailValue.MaxSafeInteger:
                    details[property.Name] = DetailValue.Of(whole);
                    break;
                case JsonValueKind.Number:
                    problems.Add($"{field}: {value.GetRawText()} is not an integer within ±(2^53 − 1)");
                    break;
                default:
                    problems.Add($"{field}: must be a string, an integer or a boolean, not {Describe(value.ValueKind)}");
                    break;
            }
        }

        return details.ToImmutable();
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static EventParseResult Fail(string problem) => new(null, [problem]);
}
