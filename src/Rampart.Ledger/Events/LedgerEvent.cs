using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Rampart.Ledger.Events;

/// <summary>
/// One security event, as one ledger entry. Its entry bytes are <see cref="ToCanonicalJson"/>:
/// <c>{"actor":…,"details":{…},"kind":…,"subjects":[{"digest":{"sha256":…},"name":…}],"system":…,"time":…,"v":1}</c>
/// in RFC 8785 canonical form, and the leaf hash is SHA-256(0x00 ‖ those bytes).
/// </summary>
public sealed record LedgerEvent
{
    /// <summary>The entry format version written in the <c>v</c> member.</summary>
    public const int FormatVersion = 1;

    /// <summary>The longest actor, system or subject name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The longest string detail, in UTF-16 code units.</summary>
    public const int MaxDetailLength = 4096;

    /// <summary>The most subjects one event may name.</summary>
    public const int MaxSubjects = 1000;

    /// <summary>The largest entry, in bytes (256 KiB).</summary>
    public const int MaxEntryBytes = 256 * 1024;

    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>What happened.</summary>
    public required EventKind Kind { get; init; }

    /// <summary>Who did it: a user, a service account or a CI job.</summary>
    public required string Actor { get; init; }

    /// <summary>When, in UTC, to the millisecond.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The AI system (manifest name) the event belongs to.</summary>
    public required string System { get; init; }

    /// <summary>What the event is about, with content hashes; may be empty.</summary>
    public ImmutableArray<EventSubject> Subjects { get; init; } = [];

    /// <summary>Kind-specific details; the allowed members are <see cref="EventKinds.DetailFields"/>.</summary>
    public ImmutableSortedDictionary<string, DetailValue> Details { get; init; } = ImmutableSortedDictionary.Create<string, DetailValue>(StringComparer.Ordinal);

    /// <summary>Creates an event stamped with <paramref name="time"/>'s current UTC time, truncated to the millisecond.</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="actor">Who did it.</param>
    /// <param name="system">The AI system's name.</param>
    /// <param name="subjects">What the event is about.</param>
    /// <param name="details">Kind-specific details, or null for none.</param>
    /// <param name="time">The clock.</param>
    /// <exception cref="ArgumentException">The event is not valid; the message lists every problem.</exception>
    public static LedgerEvent Create(EventKind kind, string actor, string system, IEnumerable<EventSubject> subjects, IReadOnlyDictionary<string, DetailValue>? details, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow().ToUniversalTime();
        var e = new LedgerEvent
        {
            Kind = kind,
            Actor = actor,
            System = system,
            Time = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            Subjects = [.. subjects],
            Details = (details ?? ImmutableDictionary<string, DetailValue>.Empty).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
        var problems = e.Validate();
        return problems.IsEmpty ? e : throw new ArgumentException("Invalid ledger event: " + string.Join("; ", problems));
    }

    /// <summary>Checks the event against the schema; returns every problem, each naming its field.</summary>
    public ImmutableArray<string> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"kind: {(int)Kind} is not an event kind");
        }

        NameProblem(Actor, "actor", problems);
        NameProblem(System, "system", problems);
        if (Time.Offset != TimeSpan.Zero || Time.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            problems.Add("time: must be UTC and whole milliseconds");
        }

        if (Subjects.IsDefault || Subjects.Length > MaxSubjects)
        {
            problems.Add($"subjects: at most {MaxSubjects} subjects");
        }
        else
        {
            for (var i = 0; i < Subjects.Length; i++)
            {
                if (SubjectProblem(Subjects[i], $"subjects[{i}]") is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        if (Enum.IsDefined(Kind))
        {
            DetailProblems(Kind, Details, problems);
        }

        return problems.ToImmutable();
    }

    /// <summary>Returns the entry bytes: the event as RFC 8785 canonical JSON in UTF-8.</summary>
    /// <exception cref="InvalidOperationException">The event is not valid (see <see cref="Validate"/>) or its JSON is larger than <see cref="MaxEntryBytes"/>.</exception>
    public byte[] ToCanonicalJson()
    {
        var problems = Validate();
        if (!problems.IsEmpty)
        {
            throw new InvalidOperationException("Invalid ledger event: " + string.Join("; ", problems));
        }

        return WriteCanonicalJson();
    }

    /// <summary>The canonical bytes of an event already validated.</summary>
    internal byte[] WriteCanonicalJson()
    {
        // Members are written in RFC 8785 order (UTF-16 code units of the names): actor, details, kind, subjects, system, time, v.
        var json = new StringBuilder();
        json.Append("{\"actor\":").Append(CanonicalJson.QuoteString(Actor));
        json.Append(",\"details\":{");
        var first = true;
        foreach (var (name, value) in Details.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.Append(first ? string.Empty : ",").Append(CanonicalJson.QuoteString(name)).Append(':').Append(value.ToJson());
            first = false;
        }

        json.Append("},\"kind\":").Append(CanonicalJson.QuoteString(EventKinds.Name(Kind)));
        json.Append(",\"subjects\":[");
        for (var i = 0; i < Subjects.Length; i++)
        {
            json.Append(i == 0 ? string.Empty : ",")
                .Append("{\"digest\":{\"sha256\":").Append(CanonicalJson.QuoteString(Subjects[i].Sha256))
                .Append("},\"name\":").Append(CanonicalJson.QuoteString(Subjects[i].Name)).Append('}');
        }

        json.Append("],\"system\":").Append(CanonicalJson.QuoteString(System));
        json.Append(",\"time\":\"").Append(Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.Append("\",\"v\":").Append(FormatVersion).Append('}');
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        return bytes.Length <= MaxEntryBytes
            ? bytes
            : throw new InvalidOperationException($"The event's JSON is {bytes.Length} bytes; at most {MaxEntryBytes} are allowed.");
    }

    /// <summary>Parses entry bytes back into an event, checking the schema and that the bytes are canonical.</summary>
    /// <param name="entry">The entry bytes.</param>
    /// <returns>The event, or every problem found, each naming its field.</returns>
    public static EventParseResult Parse(ReadOnlySpan<byte> entry) => EventReader.Read(entry);

    internal static string? SubjectProblem(EventSubject? subject, string field)
    {
        if (subject is null)
        {
            return $"{field}: missing";
        }

        var problems = ImmutableArray.CreateBuilder<string>();
        NameProblem(subject.Name, $"{field}.name", problems);
        if (subject.Sha256 is null || subject.Sha256.Length != 64 || !subject.Sha256.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            problems.Add($"{field}.digest.sha256: '{subject.Sha256}' is not 64 lowercase hex digits");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static void NameProblem(string? value, string field, ImmutableArray<string>.Builder problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field}: must not be empty");
        }
        else if (value.Length > MaxNameLength)
        {
            problems.Add($"{field}: {value.Length} characters; at most {MaxNameLength}");
        }
        else if (value.Any(char.IsControl) || HasLoneSurrogate(value))
        {
            problems.Add($"{field}: contains a control character or a lone surrogate");
        }
    }

    private static void DetailProblems(EventKind kind, ImmutableSortedDictionary<string, DetailValue> details, ImmutableArray<string>.Builder problems)
    {
        var fields = EventKinds.DetailFields(kind);
        foreach (var (name, value) in details)
        {
            var field = fields.FirstOrDefault(f => f.Name == name);
            if (field is null)
            {
                problems.Add($"details.{name}: not a field of {EventKinds.Name(kind)} (allowed: {string.Join(", ", fields.Select(f => f.Name))})");
            }
            else if (value.Type != field.Type)
            {
                problems.Add($"details.{name}: must be {TypeName(field.Type)}, not {TypeName(value.Type)}");
            }
            else if (value.Type == DetailType.Text && (value.Text!.Length > MaxDetailLength || HasLoneSurrogate(value.Text)))
            {
                problems.Add($"details.{name}: longer than {MaxDetailLength} characters or holds a lone surrogate");
            }
        }

        foreach (var field in fields.Where(f => f.Required && !details.ContainsKey(f.Name)))
        {
            problems.Add($"details.{field.Name}: required for {EventKinds.Name(kind)} ({TypeName(field.Type)})");
        }
    }

    internal static string TypeName(DetailType type) => type switch
    {
        DetailType.Text => "a string",
        DetailType.Number => "an integer",
        _ => "true or false",
    };

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }
}
