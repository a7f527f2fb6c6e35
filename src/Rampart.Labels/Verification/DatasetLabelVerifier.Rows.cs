using System.Collections.Immutable;
using Rampart.Labels.Diff;
using Rampart.Labels.Rows;
using Rampart.Ledger.Merkle;

namespace Rampart.Labels.Verification;

/// <content>The row report: aligned rows with inclusion proofs, the consistency proof of appended rows, and the summary line.</content>
public static partial class DatasetLabelVerifier
{
    /// <summary>A one-line summary of row changes, naming the first rows.</summary>
    /// <param name="rows">The changes.</param>
    /// <returns>The sentence.</returns>
    public static string Summary(RowChanges rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var parts = new List<string>();
        void Part(long count, string what, RowChangeKind kind, Func<RowChange, string> name)
        {
            if (count > 0)
            {
                var named = rows.Rows.Where(r => r.Kind == kind).Take(10).Select(name).ToList();
                parts.Add($"{count} {what} ({string.Join(", ", named)}{(count > named.Count ? ", ..." : "")})");
            }
        }

        Part(rows.ChangedCount, "changed", RowChangeKind.Changed, r => $"row {r.OriginalRow} at line {r.CurrentLine}");
        Part(rows.RemovedCount, "removed", RowChangeKind.Removed, r => $"row {r.OriginalRow}");
        Part(rows.AddedCount, "added", RowChangeKind.Added, r => $"line {r.CurrentLine}");
        Part(rows.MovedCount, "moved", RowChangeKind.Moved, r => $"row {r.OriginalRow} to line {r.CurrentLine}");
        return "Rows differ from the signed data: " + string.Join("; ", parts) + ".";
    }

    private static RowChanges Report(RowDiffResult diff, RowHashList signed, RowHashList current, List<long> lines, byte[] signedRoot, int cap, ImmutableArray<LabelIssue>.Builder issues)
    {
        MerkleLevels? tree = null;
        var proofFailures = 0;
        InclusionProofInfo Proof(long index)
        {
            tree ??= new MerkleLevels(signed);
            var hashes = tree.InclusionProof(index, signed.Count);
            var leaf = signed.Get(index);
            var verified = MerkleProof.VerifyInclusion((ulong)index, (ulong)signed.Count, leaf, hashes, signedRoot).IsValid;
            proofFailures += verified ? 0 : 1;
            return new InclusionProofInfo
            {
                LeafIndex = index,
                TreeSize = signed.Count,
                LeafHash = Convert.ToHexStringLower(leaf),
                Hashes = [.. hashes.Select(Convert.ToHexStringLower)],
                Verified = verified,
            };
        }

        RowChange Now(RowChangeKind kind, long? original, long? now) => new()
        {
            Kind = kind,
            OriginalRow = original + 1,
            CurrentRow = now + 1,
            CurrentLine = now is { } n ? lines[(int)n] : null,
            CurrentLeafHash = now is { } c ? Convert.ToHexStringLower(current.Get(c)) : null,
            Proof = original is { } o ? Proof(o) : null,
        };

        var reported = ImmutableArray.CreateBuilder<RowChange>();
        reported.AddRange(diff.Changed.Take(cap).Select(p => Now(RowChangeKind.Changed, p.Original, p.Current)));
        reported.AddRange(diff.Removed.Take(cap).Select(r => Now(RowChangeKind.Removed, r, null)));
        reported.AddRange(diff.Added.Take(cap).Select(a => Now(RowChangeKind.Added, null, a)));
        reported.AddRange(diff.Moved.Take(cap).Select(p => Now(RowChangeKind.Moved, p.Original, p.Current)));
        if (proofFailures > 0)
        {
            issues.Add(new LabelIssue(LabelIssueKind.ProofFailed, $"{proofFailures} inclusion proofs from the signed row hashes did not verify against the signed root."));
        }

        return new RowChanges
        {
            ChangedCount = diff.Changed.Count,
            AddedCount = diff.Added.Count,
            RemovedCount = diff.Removed.Count,
            MovedCount = diff.Moved.Count,
            Exact = diff.Exact,
            Truncated = diff.Changed.Count > cap || diff.Removed.Count > cap || diff.Added.Count > cap || diff.Moved.Count > cap,
            Rows = reported.ToImmutable(),
        };
    }

    private static ConsistencyProofInfo? ConsistencyProof(long oldSize, RowHashList current, byte[] oldRoot, byte[] newRoot)
    {
        if (oldSize == 0)
        {
            // Every tree extends the empty one; RFC 9162 has no proof for it.
            return null;
        }

        var hashes = new MerkleLevels(current).ConsistencyProof(oldSize, current.Count);
        return new ConsistencyProofInfo
        {
            OldSize = oldSize,
            NewSize = current.Count,
            OldRoot = Convert.ToHexStringLower(oldRoot),
            NewRoot = Convert.ToHexStringLower(newRoot),
            Hashes = [.. hashes.Select(Convert.ToHexStringLower)],
            Verified = MerkleProof.VerifyConsistency((ulong)oldSize, (ulong)current.Count, hashes, oldRoot, newRoot).IsValid,
        };
    }

    private static bool IsPrefix(RowHashList prefix, RowHashList list)
    {
        for (var i = 0; i < prefix.Count; i++)
        {
            if (!prefix.SameAs(i, list, i))
            {
                return false;
            }
        }

        return true;
    }
}
