using System.Collections.Immutable;
using System.CommandLine;
using System.Text.Json;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart ledger prove</c>: receipts, inclusion proofs and consistency proofs.</summary>
internal static partial class LedgerCommand
{
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

            return ProveConsistency(context, ledger, sizes![0], sizes[1], json);
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
        return WriteProof(
            context,
            json,
            w =>
            {
                w.WriteNumber("index", index);
                w.WriteNumber("size", size);
                w.WriteString("leaf_hash", Convert.ToHexStringLower(proof.LeafHash.AsSpan()));
                w.WriteString("root", Convert.ToHexStringLower(proof.Root.AsSpan()));
            },
            [$"index {index}", $"size {size}", $"root {Convert.ToBase64String(proof.Root.AsSpan())}"],
            proof.Hashes);
    }

    private static int ProveConsistency(CliContext context, Ledger.Ledger ledger, long a, long b, bool json)
    {
        if (a <= 0 || a > b || b > ledger.Count)
        {
            return context.UsageError($"--consistency {a} {b}: sizes must satisfy 0 < A <= B <= {ledger.Count}.");
        }

        var proof = ledger.ProveConsistency(a, b);
        return WriteProof(
            context,
            json,
            w =>
            {
                w.WriteNumber("size1", a);
                w.WriteNumber("size2", b);
                w.WriteString("root1", Convert.ToHexStringLower(proof.Root1.AsSpan()));
                w.WriteString("root2", Convert.ToHexStringLower(proof.Root2.AsSpan()));
            },
            [$"consistency {a} {b}", $"root {a} {Convert.ToBase64String(proof.Root1.AsSpan())}", $"root {b} {Convert.ToBase64String(proof.Root2.AsSpan())}"],
            proof.Hashes);
    }

    /// <summary>Writes a proof: as JSON, the head members then <c>hashes</c> in hex; as text, the head lines then one base64 hash a line.</summary>
    private static int WriteProof(CliContext context, bool json, Action<Utf8JsonWriter> jsonHead, IEnumerable<string> textHead, IEnumerable<ImmutableArray<byte>> hashes)
    {
        if (json)
        {
            WriteJson(context, w =>
            {
                jsonHead(w);
                WriteHashes(w, hashes);
            });
        }
        else
        {
            foreach (var line in textHead)
            {
                context.Out.WriteLine(line);
            }

            foreach (var hash in hashes)
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
}
