using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rampart.Ledger;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Events;
using Rampart.Ledger.Verification;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart ledger init | append | show | prove | verify | checkpoint</c>: the tamper-evident event ledger.
/// Every subcommand takes <c>--format text|json</c>; exit 0 on success, 1 on bad input, 2 when verification fails.
/// </summary>
internal static partial class LedgerCommand
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

    private static Command Verify(CliContext context)
    {
        var path = PathArgument();
        var trustedKey = new Option<string?>("--trusted-key") { Description = "The verifier key (name+keyid+base64) to trust instead of the one stored in the ledger, as printed by 'init'." };
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "A signed checkpoint file kept outside the ledger; the ledger must still contain its tree. Repeatable.", AllowMultipleArgumentsPerToken = true };
        var format = FormatOption();
        var command = new Command("verify", "Recompute every leaf hash and the tree, check every stored node, checkpoint signature and checkpoint consistency; exit 2 naming the first bad entry.") { path, trustedKey, checkpoints, format };
        command.SetAction(parse => Run(context, () =>
        {
            var file = parse.GetValue(path)!;
            var options = new VerifyOptions();
            if (parse.GetValue(trustedKey) is { } keyText)
            {
                try
                {
                    options = options with { TrustedKey = NoteVerifier.Parse(keyText.Trim()) };
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    return context.UsageError($"--trusted-key: {ex.Message}");
                }
            }

            var external = new List<string>();
            foreach (var checkpointFile in parse.GetValue(checkpoints) ?? [])
            {
                var info = new FileInfo(checkpointFile);
                if (!info.Exists || info.Length > 64 * 1024)
                {
                    return context.UsageError($"--checkpoint: '{checkpointFile}' does not exist or is larger than 64 KiB.");
                }

                external.Add(File.ReadAllText(checkpointFile));
            }

            using var ledger = Ledger.Ledger.Open(file);
            LedgerVerification result;
            try
            {
                result = ledger.Verify(options with { ExternalCheckpoints = [.. external] });
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                // A database SQLite itself cannot read (a damaged or overwritten page) fails verification too.
                context.Out.WriteLine($"{file}: FAILED: the ledger file is damaged: {ex.Message}");
                return ExitCodes.PolicyFailure;
            }

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
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            context.Error.WriteLine($"error: the ledger file could not be read or written: {ex.Message}");
            return ExitCodes.ToolError;
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
}
