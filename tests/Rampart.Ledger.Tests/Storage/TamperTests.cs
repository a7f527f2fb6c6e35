using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Merkle;
using Rampart.Ledger.Verification;

namespace Rampart.Ledger.Tests.Storage;

/// <summary>Alters a ledger behind its back with raw SQL and checks that verification names exactly what changed.</summary>
public sealed class TamperTests
{
    private static TestLedger Build()
    {
        var test = new TestLedger();
        test.Append(5);
        test.Ledger.Checkpoint(TestLedger.Signer);
        test.Append(6, 5);
        test.Ledger.Checkpoint(TestLedger.Signer);
        test.Append(2, 11);
        return test;
    }

    [Fact]
    public void Verify_UntouchedLedger_IsValid()
    {
        using var test = Build();

        var result = test.Ledger.Verify();

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(13, result.Size);
        Assert.Equal(13, result.EntriesChecked);
        Assert.Equal(2, result.CheckpointsChecked);
        Assert.Equal(13 - 3, result.NodesChecked); // 6 + 3 + 1 perfect subtrees in 13 leaves
        Assert.Equal(test.Ledger.Root(13), result.Root.ToArray());
    }

    [Fact]
    public void Verify_RecordBytesAltered_NamesThatEntry()
    {
        using var test = Build();
        test.Sql("UPDATE entries SET data = CAST(replace(CAST(data AS TEXT), '\"findings\":7', '\"findings\":8') AS BLOB) WHERE idx = 7;");

        var result = test.Ledger.Verify();

        Assert.Equal(7, result.FirstBadEntry);
        Assert.Equal(2, result.Problems.Length);
        Assert.Equal(LedgerProblemKind.LeafHashMismatch, result.Problems[0].Kind);
        Assert.StartsWith("Entry 7: its stored leaf hash is not SHA-256(0x00 ‖ its bytes)", result.Problems[0].Message, StringComparison.Ordinal);

        // The signed checkpoint of size 11 no longer matches either; the one of size 5 still does.
        Assert.Equal(LedgerProblemKind.CheckpointRootMismatch, result.Problems[1].Kind);
        Assert.Equal(2, result.Problems[1].Checkpoint);
        Assert.Contains("an entry in 5..10 differs from what was signed", result.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LeafHashAltered_NamesThatEntry()
    {
        using var test = Build();
        test.Sql("UPDATE entries SET leaf_hash = zeroblob(32) WHERE idx = 3;");

        var result = test.Ledger.Verify();

        Assert.Equal(3, result.FirstBadEntry);
        Assert.Equal(LedgerProblemKind.LeafHashMismatch, Assert.Single(result.Problems).Kind);
        Assert.Equal("Entry 3: its stored leaf hash is not SHA-256(0x00 ‖ its bytes); the record or its hash was altered.", result.Problems[0].Message);
    }

    [Fact]
    public void Verify_RecordAndLeafHashAlteredTogether_NamesTheLowestNodeAndTheCheckpoints()
    {
        using var test = Build();
        var forged = TestLedger.Event(99).ToCanonicalJson();
        var leaf = MerkleHash.Leaf(forged);
        test.Sql($"UPDATE entries SET data = X'{Convert.ToHexString(forged)}', leaf_hash = X'{Convert.ToHexString(leaf)}' WHERE idx = 2;");

        var result = test.Ledger.Verify();

        Assert.Equal(2, result.FirstBadEntry);
        var node = result.Problems[0];
        Assert.Equal(LedgerProblemKind.NodeMismatch, node.Kind);
        Assert.Contains("level 1, index 1 differs from the hash recomputed from entries 2..3", node.Message, StringComparison.Ordinal);
        Assert.Contains(result.Problems, p => p.Kind == LedgerProblemKind.CheckpointRootMismatch && p.Checkpoint == 1);
        Assert.DoesNotContain(result.Problems, p => p.Kind == LedgerProblemKind.NodeMismatch && p != node);
    }

    [Fact]
    public void Verify_InteriorNodeAltered_NamesTheNodeAndItsFirstEntry()
    {
        using var test = Build();
        test.Sql("UPDATE nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1;");

        var result = test.Ledger.Verify();

        var problem = Assert.Single(result.Problems);
        Assert.Equal(LedgerProblemKind.NodeMismatch, problem.Kind);
        Assert.Equal(4, problem.Entry);
        Assert.Contains("level 2, index 1", problem.Message, StringComparison.Ordinal);
        Assert.Contains("entries 4..7", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_InteriorNodeDeleted_ReportsItMissing()
    {
        using var test = Build();
        test.Sql("DELETE FROM nodes WHERE level = 1 AND idx = 4;");

        var problem = Assert.Single(test.Ledger.Verify().Problems);

        Assert.Equal(LedgerProblemKind.MissingNode, problem.Kind);
        Assert.Equal(8, problem.Entry);
    }

    [Fact]
    public void Verify_LastRowDeleted_NamesTheMissingEntry()
    {
        using var test = Build();
        test.Sql("DELETE FROM entries WHERE idx = 12;");

        var result = test.Ledger.Verify();

        Assert.Equal(12, result.FirstBadEntry);
        Assert.Equal(LedgerProblemKind.MissingEntry, result.Problems[0].Kind);
        Assert.Equal("Entry 12 is missing (the recorded size is 13).", result.Problems[0].Message);
    }

    [Fact]
    public void Verify_LastRowsDeletedAndSizeRewound_CheckpointNamesTheRemovedEntries()
    {
        using var test = Build();
        test.Sql("DELETE FROM entries WHERE idx >= 9; DELETE FROM nodes WHERE ((idx + 1) << level) > 9; UPDATE meta SET value = '9' WHERE key = 'size';");

        var result = test.Ledger.Verify();

        var problem = Assert.Single(result.Problems);
        Assert.Equal(LedgerProblemKind.CheckpointBeyondLog, problem.Kind);
        Assert.Equal(9, problem.Entry);
        Assert.Equal(2, problem.Checkpoint);
        Assert.Contains("entries 9..10 were removed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CheckpointNoteAltered_ReportsTheBadSignature()
    {
        using var test = Build();
        test.Sql("UPDATE checkpoints SET note = replace(note, char(10) || '5' || char(10), char(10) || '4' || char(10)), size = 4 WHERE id = 1;");

        var result = test.Ledger.Verify();

        Assert.Contains(result.Problems, p => p.Kind == LedgerProblemKind.CheckpointSignature && p.Checkpoint == 1 && p.Message.Contains("does not verify", StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.Equal(1, p.Checkpoint));
    }

    [Fact]
    public void Verify_CheckpointGarbage_ReportsItMalformed()
    {
        using var test = Build();
        test.Sql("UPDATE checkpoints SET note = 'garbage' WHERE id = 2;");

        var problem = Assert.Single(test.Ledger.Verify().Problems);

        Assert.Equal(LedgerProblemKind.CheckpointMalformed, problem.Kind);
        Assert.Equal(2, problem.Checkpoint);
    }

    [Fact]
    public void Verify_ExtraRowBeyondTheSize_IsReported()
    {
        using var test = Build();
        test.Sql("INSERT INTO entries (idx, data, leaf_hash) SELECT 13, data, leaf_hash FROM entries WHERE idx = 0;");

        var problem = Assert.Single(test.Ledger.Verify().Problems);

        Assert.Equal(LedgerProblemKind.ExtraEntry, problem.Kind);
        Assert.Equal(13, problem.Entry);
    }

    [Fact]
    public void Verify_EntryNotAnEvent_IsReportedWithTheField()
    {
        using var test = Build();
        var bytes = System.Text.Encoding.UTF8.GetBytes("{\"v\":2}");
        test.Sql($"UPDATE entries SET data = X'{Convert.ToHexString(bytes)}', leaf_hash = X'{Convert.ToHexString(MerkleHash.Leaf(bytes))}' WHERE idx = 12;");

        var result = test.Ledger.Verify();

        Assert.Contains(result.Problems, p => p.Kind == LedgerProblemKind.InvalidEvent && p.Entry == 12 && p.Message.Contains("actor: missing", StringComparison.Ordinal));
        Assert.False(test.Ledger.Verify(new VerifyOptions { CheckEvents = false }).Problems.Any(p => p.Kind == LedgerProblemKind.InvalidEvent));
    }

    [Fact]
    public void Verify_KeyReplacedAndCheckpointsResigned_OnlyATrustedKeyCatchesIt()
    {
        using var test = Build();
        var attacker = new NoteSigner(TestLedger.Signer.Name, new byte[32]);
        test.Sql($"DELETE FROM checkpoints; UPDATE meta SET value = '{attacker.Verifier}' WHERE key = 'verifier';");
        test.Ledger.Checkpoint(attacker);

        var trusting = test.Ledger.Verify();
        var pinned = test.Ledger.Verify(new VerifyOptions { TrustedKey = TestLedger.Signer.Verifier });

        Assert.True(trusting.IsValid);
        Assert.Equal(LedgerProblemKind.Metadata, pinned.Problems[0].Kind);
        Assert.Contains("is not the trusted key", pinned.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains(pinned.Problems, p => p.Kind == LedgerProblemKind.CheckpointSignature && p.Checkpoint == 1);
    }

    [Fact]
    public void Verify_ExternalCheckpoint_CatchesATruncatedAndRewrittenLedger()
    {
        using var test = Build();
        var published = test.Ledger.Checkpoints()[1].Note; // size 11, kept outside the ledger

        // Rewrite history from entry 9 on, consistently (hashes, nodes, size, no stored checkpoint left to object).
        test.Sql("DELETE FROM entries WHERE idx >= 9; DELETE FROM nodes WHERE ((idx + 1) << level) > 9; UPDATE meta SET value = '9' WHERE key = 'size'; DELETE FROM checkpoints;");
        var stored = test.Ledger.Verify();
        var beyond = test.Ledger.Verify(new VerifyOptions { ExternalCheckpoints = [published] });
        test.Append(4, 100);
        var rewritten = test.Ledger.Verify(new VerifyOptions { ExternalCheckpoints = [published] });

        Assert.True(stored.IsValid);
        Assert.Equal(LedgerProblemKind.CheckpointBeyondLog, Assert.Single(beyond.Problems).Kind);
        Assert.Contains("External checkpoint 1 signs a tree of 11 entries, but the ledger records 9", beyond.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(LedgerProblemKind.CheckpointRootMismatch, Assert.Single(rewritten.Problems).Kind);
        Assert.Contains("External checkpoint 1 (size 11): its root differs", rewritten.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ExternalCheckpointOfAnotherLog_IsRefused()
    {
        using var test = Build();
        var foreign = new Checkpoint { Origin = "example.com/other", Size = 1, RootHash = [.. new byte[32]] }.Sign(TestLedger.Signer).ToString();

        var problems = test.Ledger.Verify(new VerifyOptions { ExternalCheckpoints = [foreign, "junk"] }).Problems;

        Assert.Equal(2, problems.Length);
        Assert.Contains("External checkpoint 1: origin 'example.com/other' is not the ledger's origin", problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("External checkpoint 2 is not a well-formed signed checkpoint", problems[1].Message, StringComparison.Ordinal);
    }
}
