using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;
using Rampart.Ledger.Events;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart ledger append</c>: one event from the options, or a batch from a JSON Lines file.</summary>
internal static partial class LedgerCommand
{
    private static Command Append(CliContext context)
    {
        var path = PathArgument();
        var kind = new Option<string?>("--kind") { Description = $"The event kind: {string.Join(", ", EventKinds.All.Select(EventKinds.Name))}." };
        var subjects = new Option<string[]>("--subject") { Description = "NAME=SHA256 of what the event is about; repeatable.", AllowMultipleArgumentsPerToken = true };
        var actor = new Option<string?>("--actor") { Description = "Who did it (default: the user name)." };
        var system = new Option<string?>("--system") { Description = "The AI system's name (default: the ledger's origin)." };
        var details = new Option<string?>("--details") { Description = "Kind-specific details as a JSON object of strings, integers and booleans." };
        var fromFile = new Option<string?>("--from-file") { Description = "Append a batch atomically: one JSON object per line {kind, subjects:[{name, sha256}], details, actor?, system?}." };
        var format = FormatOption();
        var command = new Command("append", "Append events (one, or a batch from a JSON Lines file, in one transaction).") { path, kind, subjects, actor, system, details, fromFile, format };
        command.SetAction(parse => Run(context, () =>
        {
            var file = parse.GetValue(path)!;
            using var ledger = Ledger.Ledger.Open(file);
            var defaults = (Actor: parse.GetValue(actor) ?? Environment.UserName, System: parse.GetValue(system) ?? ledger.Origin);
            var problems = new List<string>();
            var events = new List<LedgerEvent>();
            if (parse.GetValue(fromFile) is { } batchFile)
            {
                if (parse.GetValue(kind) is not null || parse.GetValue(details) is not null || (parse.GetValue(subjects) ?? []).Length > 0)
                {
                    return context.UsageError("--from-file takes the events from the file; do not also give --kind, --subject or --details.");
                }

                ReadBatch(context, batchFile, defaults, events, problems);
            }
            else if (parse.GetValue(kind) is not { } kindName)
            {
                return context.UsageError("append needs --kind (or --from-file for a batch).");
            }
            else
            {
                var fields = new JsonEventFields(kindName, [.. (parse.GetValue(subjects) ?? []).Select(s => (JsonSubject?)new JsonSubject(s, null))], parse.GetValue(details), defaults.Actor, defaults.System);
                if (BuildEvent(context, fields, "--", problems) is { } e)
                {
                    events.Add(e);
                }
            }

            if (problems.Count > 0)
            {
                problems.ForEach(p => context.Error.WriteLine($"error: {p}"));
                context.Error.WriteLine($"{problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")} in the events; nothing was appended.");
                return ExitCodes.Usage;
            }

            if (events.Count == 0)
            {
                return context.UsageError("no events to append.");
            }

            var indexes = ledger.AppendBatch(events);
            if (Json(parse, format))
            {
                WriteJson(context, w =>
                {
                    w.WriteStartArray("indexes");
                    foreach (var index in indexes)
                    {
                        w.WriteNumberValue(index);
                    }

                    w.WriteEndArray();
                    w.WriteNumber("size", indexes[^1] + 1);
                });
            }
            else
            {
                context.Out.WriteLine(indexes.Count == 1 ? $"appended entry {indexes[0]}" : $"appended entries {indexes[0]}..{indexes[^1]} ({indexes.Count})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void ReadBatch(CliContext context, string file, (string Actor, string System) defaults, List<LedgerEvent> events, List<string> problems)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            problems.Add($"{file}: does not exist");
            return;
        }

        if (info.Length > MaxBatchFileBytes)
        {
            problems.Add($"{file}: {info.Length} bytes; a batch file may hold at most {MaxBatchFileBytes}");
            return;
        }

        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var where = $"{file}:{lineNumber}: ";
            JsonEventFields fields;
            try
            {
                fields = JsonEventFields.Parse(line, defaults);
            }
            catch (FormatException ex)
            {
                problems.Add(where + ex.Message);
                continue;
            }

            if (BuildEvent(context, fields, where, problems) is { } e)
            {
                events.Add(e);
            }
        }
    }

    private static LedgerEvent? BuildEvent(CliContext context, JsonEventFields fields, string where, List<string> problems)
    {
        var before = problems.Count;
        var prefix = where == "--" ? string.Empty : where;
        if (!EventKinds.TryParse(fields.Kind, out var kind))
        {
            problems.Add($"{prefix}kind: '{fields.Kind}' is not an event kind (one of {string.Join(", ", EventKinds.All.Select(EventKinds.Name))})");
        }

        var subjects = new List<EventSubject>();
        for (var i = 0; i < fields.Subjects.Length; i++)
        {
            var subject = fields.Subjects[i];
            if (subject is null)
            {
                problems.Add($"{prefix}subjects[{i}]: must be an object with name and sha256");
            }
            else if (subject.Sha256 is null)
            {
                if (EventSubject.TryParse(subject.Name, out var parsed, out var problem))
                {
                    subjects.Add(parsed!);
                }
                else
                {
                    problems.Add($"{prefix}--subject: {problem}");
                }
            }
            else
            {
                subjects.Add(new EventSubject(subject.Name, subject.Sha256));
            }
        }

        var details = new Dictionary<string, DetailValue>(StringComparer.Ordinal);
        if (fields.Details is { } detailJson)
        {
            try
            {
                using var document = JsonDocument.Parse(detailJson, new JsonDocumentOptions { MaxDepth = 4 });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{prefix}details: must be a JSON object");
                }
                else
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        var value = property.Value;
                        if (details.ContainsKey(property.Name))
                        {
                            problems.Add($"{prefix}details.{property.Name}: given twice");
                        }
                        else if (value.ValueKind == JsonValueKind.String)
                        {
                            details[property.Name] = DetailValue.Of(value.GetString()!);
                        }
                        else if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                        {
                            details[property.Name] = DetailValue.Of(value.GetBoolean());
                        }
                        else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && Math.Abs(number) <= DetailValue.MaxSafeInteger)
                        {
                            details[property.Name] = DetailValue.Of(number);
                        }
                        else
                        {
                            problems.Add($"{prefix}details.{property.Name}: must be a string, an integer within ±(2^53 − 1) or a boolean");
                        }
                    }
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"{prefix}details: not valid JSON: {ex.Message}");
            }
        }

        if (EventKinds.TryParse(fields.Kind, out _))
        {
            // Check the schema even when other fields already failed, so that every problem is reported at once.
            var candidate = new LedgerEvent
            {
                Kind = kind,
                Actor = fields.Actor,
                System = fields.System,
                Time = DateTimeOffset.UnixEpoch,
                Subjects = [.. subjects],
                Details = details.ToImmutableSortedDictionary(StringComparer.Ordinal),
            };
            problems.AddRange(candidate.Validate().Select(p => prefix + p));
        }

        return problems.Count > before ? null : LedgerEvent.Create(kind, fields.Actor, fields.System, subjects, details, context.Time);
    }

    /// <summary>An event's fields as given on the command line or on one line of a batch file.</summary>
    private sealed record JsonEventFields(string Kind, JsonSubject?[] Subjects, string? Details, string Actor, string System)
    {
        public static JsonEventFields Parse(string line, (string Actor, string System) defaults)
        {
            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("each line must be a JSON object");
                }

                foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("kind" or "subjects" or "details" or "actor" or "system")))
                {
                    throw new FormatException($"{property.Name}: unknown member (a line has kind, subjects, details, actor, system)");
                }

                var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : throw new FormatException("kind: missing or not a string");
                var subjects = new List<JsonSubject?>();
                if (root.TryGetProperty("subjects", out var s))
                {
                    if (s.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException("subjects: must be an array");
                    }

                    foreach (var item in s.EnumerateArray())
                    {
                        subjects.Add(item.ValueKind == JsonValueKind.Object
                            && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                            && item.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String
                            ? new JsonSubject(n.GetString()!, h.GetString()!)
                            : null);
                    }
                }

                var details = root.TryGetProperty("details", out var d) ? d.GetRawText() : null;
                var actor = root.TryGetProperty("actor", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : defaults.Actor;
                var system = root.TryGetProperty("system", out var y) && y.ValueKind == JsonValueKind.String ? y.GetString()! : defaults.System;
                return new JsonEventFields(kind, [.. subjects], details, actor, system);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"not valid JSON: {ex.Message}", ex);
            }
        }
    }

    /// <summary>A subject: name and digest, or (digest null) NAME=SHA256 text from --subject.</summary>
    private sealed record JsonSubject(string Name, string? Sha256);
}
