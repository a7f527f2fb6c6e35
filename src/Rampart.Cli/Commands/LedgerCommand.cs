using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Ledger;
using Rampart.Ledger.Events;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart ledger init | append | show | prove | verify | checkpoint</c>: the tamper-evident event ledger.
/// Every subcommand takes <c>--format text|json</c>; exit 0 on success, 1 on bad input, 2 when verification fails.
/// </summary>
internal static class LedgerCommand
{
    private const int MaxBatchFileBytes = 64 * 1024 * 1024;

    public static Command Create(CliContext context)
    {
        var command = new Command("ledger", "The tamper-evident ledger of security events: an RFC 9162 Merkle tree with signed C2SP checkpoints.")
        {
            Init(context), Append(context), Show(context), Prove(context), Verify(context), Checkpoint(context),
        };
        return command;
    }

    private static Argument<string> PathArgument() => new("path") { Description = "The ledger file (SQLite)." };

    private static Option<string> FormatOption() => new Option<string>("--format", "-f") { Description = "Output format on stdout.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");

    private static Command Init(CliContext context)
    {
        var path = PathArgument();
        var origin = new Option<string>("--origin") { Description = "The log's origin, for example example.com/credit-scoring/ledger (no spaces, no '+'); also the key name.", Required = true };
        var keyOut = new Option<string?>("--key-out") { Description = "Where to write the Ed25519 checkpoint signing key (mode 0600); default PATH.key." };
        var format = FormatOption();
        var command = new Command("init", "Create a ledger and its checkpoint signing key.") { path, origin, keyOut, format };
        command.SetAction(parse => Run(context, () =>
        {
            var file = parse.GetValue(path)!;
            var key = parse.GetValue(keyOut) ?? file + ".key";
            using var ledger = Ledger.Ledger.Init(file, parse.GetValue(origin)!, key);
            if (Json(parse, format))
            {
                WriteJson(context, w =>
                {
                    w.WriteString("path", file);
                    w.WriteString("origin", ledger.Origin);
                    w.WriteString("verifier_key", ledger.Verifier.ToString());
                    w.WriteString("signing_key_file", key);
                });
            }
            else
            {
                context.Out.WriteLine($"Created ledger {file} (origin {ledger.Origin}).");
                context.Out.WriteLine($"verifier key: {ledger.Verifier}");
                context.Out.WriteLine($"signing key:  {key} (keep it secret; 'rampart ledger checkpoint {file} --key {key}')");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

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

    private static Command Show(CliContext context)
    {
        var path = PathArgument();
        var from = new Option<long>("--from") { Description = "The first entry to show.", DefaultValueFactory = _ => 0 };
        var count = new Option<long>("--count") { Description = "How many entries to show.", DefaultValueFactory = _ => 100 };
        var format = FormatOption();
        var command = new Command("show", "Show the ledger's origin, size, key, checkpoints and entries.") { path, from, count, format };
        command.SetAction(parse => Run(context, () =>
        {
            var start = parse.GetValue(from);
            var many = parse.GetValue(count);
            if (start < 0 || many < 0)
            {
                return context.UsageError("--from and --count must not be negative.");
            }

            using var ledger = Ledger.Ledger.Open(parse.GetValue(path)!);
            var size = ledger.Count;
            var checkpoints = ledger.Checkpoints();
            var entries = ledger.Read(start, many);
            if (Json(parse, format))
            {
                WriteJson(context, w =>
                {
                    w.WriteString("origin", ledger.Origin);
                    w.WriteNumber("size", size);
                    w.WriteString("root", Convert.ToHexStringLower(ledger.Root(size)));
                    w.WriteString("verifier_key", ledger.Verifier.ToString());
                    w.WriteNumber("checkpoints", checkpoints.Count);
                    if (checkpoints.Count > 0)
                    {
                        w.WriteString("latest_checkpoint", checkpoints[^1].Note);
                    }

                    w.WriteStartArray("entries");
                    foreach (var entry in entries)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("index", entry.Index);
                        w.WriteString("leaf_hash", Convert.ToHexStringLower(entry.LeafHash.AsSpan()));
                        if (entry.Parsed.IsValid)
                        {
                            w.WritePropertyName("event");
                            w.WriteRawValue(entry.Data.AsSpan(), skipInputValidation: false);
                        }
                        else
                        {
                            w.WriteString("entry_base64", Convert.ToBase64String(entry.Data.AsSpan()));
                            w.WriteStartArray("problems");
                            entry.Parsed.Problems.ToList().ForEach(w.WriteStringValue);
                            w.WriteEndArray();
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var o = context.Out;
            o.WriteLine($"origin:       {ledger.Origin}");
            o.WriteLine($"entries:      {size}");
            o.WriteLine($"root:         {Convert.ToHexStringLower(ledger.Root(size))}");
            o.WriteLine($"verifier key: {ledger.Verifier}");
            o.WriteLine($"checkpoints:  {checkpoints.Count}{(checkpoints.Count > 0 ? $" (latest at size {checkpoints[^1].Size})" : string.Empty)}");
            foreach (var entry in entries)
            {
                if (entry.Parsed.Event is { } e)
                {
                    var subjectText = string.Join(", ", e.Subjects.Select(s => $"{s.Name}@sha256:{s.Sha256[..12]}"));
                    var detailText = string.Join(" ", e.Details.Select(d => $"{d.Key}={d.Value}"));
                    o.WriteLine($"{entry.Index,6}  {e.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}  {EventKinds.Name(e.Kind),-16}  {e.Actor}  {e.System}  [{subjectText}]  {detailText}".TrimEnd());
                }
                else
                {
                    o.WriteLine($"{entry.Index,6}  (not a valid event: {string.Join("; ", entry.Parsed.Problems)})");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Prove(CliContext context)
    {
        var path = PathArgument();
        var index = new Option<long?>("--index") { Description = "Prove that this entry is in the log: a c2sp.org/tlog-proof@v1 receipt against the latest checkpoint covering it, or, with --size, a plain inclusion proof." };
        var size = new Option<long?>("--size") { Description = "The tree size for the inclusion proof (default: the latest checkpoint covering the entry)." };
        var consistency = new Option<long[]>("--consistency") { Description = "Prove that the tree of size A is a prefix of the tree of size B.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var format = FormatOption();
        var command = new Command("prove", "Produce an inclusion proof (receipt) or a consistency proof.") { path, index, size, consistency, format };
        command.SetAction(parse => Run(context, () =>
        {
            var sizes = parse.GetValue(consistency);
            var entry = parse.GetValue(index);
            if ((entry is null) == (sizes is null or { Length: 0 }))
            {
                return context.UsageError("prove needs either --index N or --consistency A B.");
            }

            using var ledger = Ledger.Ledger.Open(parse.GetValue(path)!);
            var json = Json(parse, format);
            if (entry is { } n)
            {
                var count = ledger.Count;
                if (n < 0 || n >= count)
                {
                    return context.UsageError($"--index {n}: the ledger has entries 0..{count - 1}.");
                }

                return parse.GetValue(size) is { } treeSize ? ProveInclusion(context, ledger, n, treeSize, json) : Receipt(context, ledger, n, json);
            }

            var (a, b) = (sizes![0], sizes[1]);
            if (a <= 0 || a > b || b > ledger.Count)
            {
                return context.UsageError($"--consistency {a} {b}: sizes must satisfy 0 < A <= B <= {ledger.Count}.");
            }

            var proof = ledger.ProveConsistency(a, b);
            if (json)
            {
                WriteJson(context, w =>
                {
                    w.WriteNumber("size1", a);
                    w.WriteNumber("size2", b);
                    w.WriteString("root1", Convert.ToHexStringLower(proof.Root1.AsSpan()));
                    w.WriteString("root2", Convert.ToHexStringLower(proof.Root2.AsSpan()));
                    WriteHashes(w, proof.Hashes);
                });
            }
            else
            {
                context.Out.WriteLine($"consistency {a} {b}");
                context.Out.WriteLine($"root {a} {Convert.ToBase64String(proof.Root1.AsSpan())}");
                context.Out.WriteLine($"root {b} {Convert.ToBase64String(proof.Root2.AsSpan())}");
                foreach (var hash in proof.Hashes)
                {
                    context.Out.WriteLine(Convert.ToBase64String(hash.AsSpan()));
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int ProveInclusion(CliContext context, Ledger.Ledger ledger, long index, long size, bool json)
    {
        if (size <= index || size > ledger.Count)
        {
            return context.UsageError($"--size {size}: must be greater than the index {index} and at most {ledger.Count}.");
        }

        var proof = ledger.ProveInclusion(index, size);
        if (json)
        {
            WriteJson(context, w =>
            {
                w.WriteNumber("index", index);
                w.WriteNumber("size", size);
                w.WriteString("leaf_hash", Convert.ToHexStringLower(proof.LeafHash.AsSpan()));
                w.WriteString("root", Convert.ToHexStringLower(proof.Root.AsSpan()));
                WriteHashes(w, proof.Hashes);
            });
        }
        else
        {
            context.Out.WriteLine($"index {index}");
            context.Out.WriteLine($"size {size}");
            context.Out.WriteLine($"root {Convert.ToBase64String(proof.Root.AsSpan())}");
            foreach (var hash in proof.Hashes)
            {
                context.Out.WriteLine(Convert.ToBase64String(hash.AsSpan()));
            }
        }

        return ExitCodes.Ok;
    }

    private static int Receipt(CliContext context, Ledger.Ledger ledger, long index, bool json)
    {
        var receipt = ledger.Receipt(index);
        if (!json)
        {
            context.Out.Write(receipt.ToText());
            return ExitCodes.Ok;
        }

        var checkpoint = Ledger.Checkpoints.Checkpoint.Parse(receipt.Checkpoint).Checkpoint!;
        WriteJson(context, w =>
        {
            w.WriteNumber("index", index);
            w.WriteNumber("size", (long)checkpoint.Size);
            w.WriteString("leaf_hash", Convert.ToHexStringLower(Ledger.Merkle.MerkleHash.Leaf(receipt.Entry.AsSpan())));
            w.WriteString("root", Convert.ToHexStringLower(checkpoint.RootHash.AsSpan()));
            WriteHashes(w, receipt.Hashes);
            w.WriteString("entry_base64", Convert.ToBase64String(receipt.Entry.AsSpan()));
            w.WriteString("checkpoint", receipt.Checkpoint);
            w.WriteString("tlog_proof", receipt.ToText());
        });
        return ExitCodes.Ok;
    }

    private static Command Verify(CliContext context)
    {
        var path = PathArgument();
        var format = FormatOption();
        var command = new Command("verify", "Recompute every leaf hash and the tree, check every stored node, checkpoint signature and checkpoint consistency; exit 2 naming the first bad entry.") { path, format };
        command.SetAction(parse => Run(context, () =>
        {
            var file = parse.GetValue(path)!;
            using var ledger = Ledger.Ledger.Open(file);
            var result = ledger.Verify();
            if (Json(parse, format))
            {
                WriteJson(context, w =>
                {
                    w.WriteBoolean("valid", result.IsValid);
                    w.WriteNumber("size", result.Size);
                    w.WriteNumber("entries_checked", result.EntriesChecked);
                    w.WriteNumber("nodes_checked", result.NodesChecked);
                    w.WriteNumber("checkpoints_checked", result.CheckpointsChecked);
                    w.WriteString("root", Convert.ToHexStringLower(result.Root.AsSpan()));
                    if (result.FirstBadEntry is { } bad)
                    {
                        w.WriteNumber("first_bad_entry", bad);
                    }
                    else
                    {
                        w.WriteNull("first_bad_entry");
                    }

                    w.WriteStartArray("problems");
                    foreach (var problem in result.Problems)
                    {
                        w.WriteStartObject();
                        w.WriteString("kind", JsonNamingPolicy.KebabCaseLower.ConvertName(problem.Kind.ToString()));
                        if (problem.Entry is { } entry)
                        {
                            w.WriteNumber("entry", entry);
                        }

                        if (problem.Checkpoint is { } checkpoint)
                        {
                            w.WriteNumber("checkpoint", checkpoint);
                        }

                        w.WriteString("message", problem.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else if (result.IsValid)
            {
                context.Out.WriteLine($"{file}: OK (entries {result.Size}, stored nodes {result.NodesChecked}, checkpoints {result.CheckpointsChecked}; root {Convert.ToHexStringLower(result.Root.AsSpan())}).");
            }
            else
            {
                context.Out.WriteLine($"{file}: FAILED{(result.FirstBadEntry is { } bad ? $": the first bad entry is {bad}" : string.Empty)}.");
                foreach (var problem in result.Problems)
                {
                    context.Out.WriteLine($"  {problem.Message}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.PolicyFailure;
        }));
        return command;
    }

    private static Command Checkpoint(CliContext context)
    {
        var path = PathArgument();
        var key = new Option<string>("--key") { Description = "The signing key file written by 'rampart ledger init'.", Required = true };
        var format = FormatOption();
        var command = new Command("checkpoint", "Sign and store a C2SP checkpoint of the current tree; prints the signed note.") { path, key, format };
        command.SetAction(parse => Run(context, () =>
        {
            using var ledger = Ledger.Ledger.Open(parse.GetValue(path)!);
            var signer = NoteKeyFile.Read(parse.GetValue(key)!);
            var stored = ledger.Checkpoint(signer);
            if (Json(parse, format))
            {
                WriteJson(context, w =>
                {
                    w.WriteNumber("id", stored.Id);
                    w.WriteNumber("size", stored.Size);
                    w.WriteString("root", Convert.ToHexStringLower(stored.Root));
                    w.WriteString("note", stored.Note);
                });
            }
            else
            {
                context.Out.Write(stored.Note);
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
                        if (value.ValueKind == JsonValueKind.String)
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

    private static int Run(CliContext context, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (LedgerException ex)
        {
            return context.UsageError(ex.Message);
        }
    }

    private static bool Json(ParseResult parse, Option<string> format) => parse.GetValue(format) == "json";

    private static void WriteHashes(Utf8JsonWriter w, IEnumerable<ImmutableArray<byte>> hashes)
    {
        w.WriteStartArray("hashes");
        foreach (var hash in hashes)
        {
            w.WriteStringValue(Convert.ToHexStringLower(hash.AsSpan()));
        }

        w.WriteEndArray();
    }

    private static void WriteJson(CliContext context, Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        context.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
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
