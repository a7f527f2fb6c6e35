using System.Text;
using Rampart.Ledger.Checkpoints;
using Rampart.Ledger.Merkle;
using Rampart.Ledger.Proofs;
using Rampart.Ledger.Storage;
using Rampart.Tests;

namespace Rampart.Ledger.Tests.Storage;

public sealed class LedgerTests
{
    [Fact]
    public void Root_EverySizeUpTo70_EqualsTheInMemoryTree()
    {
        using var test = new TestLedger();
        test.Append(30);
        for (var i = 30; i < 70; i++)
        {
            test.Ledger.Append(TestLedger.Event(i));
        }

        var leaves = test.Ledger.Read(0, 100).Select(e => MerkleHash.Leaf(e.Data.AsSpan())).ToList();
        Assert.Equal(70, test.Ledger.Count);
        for (var size = 0; size <= 70; size++)
        {
            Assert.Equal(MerkleTree.Root(leaves.Take(size).ToList()), test.Ledger.Root(size));
        }
    }

    [Fact]
    public void Proofs_EveryIndexAndSizeUpTo33_EqualTheInMemoryProofsAndVerify()
    {
        using var test = new TestLedger();
        foreach (var batch in new[] { 1, 2, 5, 8, 17 })
        {
            test.Append(batch, test.Ledger.Count);
        }

        var leaves = test.Ledger.Read(0, 100).Select(e => MerkleHash.Leaf(e.Data.AsSpan())).ToList();
        for (var size = 1; size <= 33; size++)
        {
            for (var index = 0; index < size; index++)
            {
                var proof = test.Ledger.ProveInclusion(index, size);
                Assert.Equal(MerkleTree.InclusionProof(leaves, index, size), proof.Hashes.Select(h => h.ToArray()));
                Assert.True(proof.Verify().IsValid);
            }

            for (var size1 = 1; size1 <= size; size1++)
            {
                var proof = test.Ledger.ProveConsistency(size1, size);
                Assert.Equal(MerkleTree.ConsistencyProof(leaves, size1, size), proof.Hashes.Select(h => h.ToArray()));
                Assert.True(proof.Verify().IsValid);
            }
        }
    }

    [Fact]
    public void StoredTree_TransparencyDevLeaves_ReproduceKnownRootsAndInteriorNodes()
    {
        // transparency-dev/merkle testonly leaves; roots and level-1 nodes from the design reference section 4.2.
        string[] leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
        using var folder = new TempFolder();
        using var store = SqliteLedgerStore.Create(System.IO.Path.Combine(folder.Path, "l.db"), new LedgerMetadata("o", TestLedger.Signer.Verifier.ToString()));
        store.Append([.. leaves.Select(l => LedgerRecord.For(Convert.FromHexString(l)))]);
        var tree = new StoredTree(store);

        Assert.Equal("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", Convert.ToHexStringLower(tree.Root(8)));
        Assert.Equal("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", Convert.ToHexStringLower(tree.Root(7)));
        Assert.Equal("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", Convert.ToHexStringLower(store.ReadHash(1, 1)!));
        Assert.Equal("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4", Convert.ToHexStringLower(store.ReadHash(2, 1)!));
        Assert.Equal(
            ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
            tree.ConsistencyProof(6, 8).Select(Convert.ToHexStringLower));
        Assert.Equal(7, store.ReadNodes(1).Count() + store.ReadNodes(2).Count() + store.ReadNodes(3).Count());
        Assert.Equal(3, store.HighestNodeLevel());
    }

    [Fact]
    public void AppendBatch_ReturnsConsecutiveIndexes_AndGetReadsTheEventBack()
    {
        using var test = new TestLedger();
        test.Append(3);

        var indexes = test.Append(4, 3);
        var entry = test.Ledger.Get(5);

        Assert.Equal([3L, 4L, 5L, 6L], indexes);
        Assert.True(entry.Parsed.IsValid);
        Assert.Equal(5, entry.Parsed.Event!.Details["findings"].Number);
        Assert.Equal(TestLedger.Event(5).ToCanonicalJson(), entry.Data.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => test.Ledger.Get(7));
    }

    [Fact]
    public void Checkpoint_SignsTheCurrentRoot_AndVerifiesWithTheLedgerKey()
    {
        using var test = new TestLedger();
        test.Append(5);

        var stored = test.Ledger.Checkpoint(TestLedger.Signer);
        var parsed = Checkpoint.Parse(stored.Note);

        Assert.True(parsed.IsValid);
        Assert.Equal(5UL, parsed.Checkpoint!.Size);
        Assert.Equal("example.com/rampart/test", parsed.Checkpoint.Origin);
        Assert.Equal(test.Ledger.Root(5), parsed.Checkpoint.RootHash.ToArray());
        Assert.True(parsed.Note!.Verify([test.Ledger.Verifier]).IsValid);
    }

    [Fact]
    public void Checkpoint_WrongKey_IsRefused()
    {
        using var test = new TestLedger();
        var other = new NoteSigner("example.com/rampart/test", new byte[32]);

        var ex = Assert.Throws<LedgerException>(() => test.Ledger.Checkpoint(other));
        Assert.Contains("is not this ledger's checkpoint key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_IsATlogProofThatVerifies_AndFailsWhenTheEntryChanges()
    {
        using var test = new TestLedger();
        test.Append(6);
        test.Ledger.Checkpoint(TestLedger.Signer);
        test.Append(3, 6);

        var receipt = test.Ledger.Receipt(2);
        var text = receipt.ToText();
        var lines = text.Split('\n');

        Assert.Equal("c2sp.org/tlog-proof@v1", lines[0]);
        Assert.StartsWith("extra ", lines[1], StringComparison.Ordinal);
        Assert.Equal("index 2", lines[2]);
        Assert.Equal(3 + 3, Array.IndexOf(lines, string.Empty)); // three proof hashes for size 6
        Assert.EndsWith(test.Ledger.Checkpoints()[0].Note, text, StringComparison.Ordinal);
        var parsed = LedgerReceipt.Parse(text);
        Assert.Null(parsed.Verify(test.Ledger.Verifier));
        var forged = parsed with { Entry = [.. Encoding.UTF8.GetBytes("forged")] };
        Assert.Contains("differs", forged.Verify(test.Ledger.Verifier), StringComparison.Ordinal);
        Assert.Throws<LedgerException>(() => test.Ledger.Receipt(7));
    }

    [Fact]
    public void Init_WritesAKeyFileReadableOnlyByItsOwner_AndRefusesToOverwrite()
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "l.db");
        var key = System.IO.Path.Combine(folder.Path, "keys", "l.key");

        using (var ledger = Ledger.Init(path, "example.com/x", key))
        {
            var signer = NoteKeyFile.Read(key);
            Assert.Equal(ledger.Verifier.ToString(), signer.Verifier.ToString());
            ledger.Checkpoint(signer);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
            }
        }

        Assert.Contains("already exists", Assert.Throws<LedgerException>(() => Ledger.Init(path, "example.com/x", key + "2")).Message, StringComparison.Ordinal);
        Assert.Contains("is not valid", Assert.Throws<LedgerException>(() => Ledger.Init(path + "x", "has space", key + "3")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LedgerWriter_MissingLedger_NamesThePathAndSuggestsInit()
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "missing.db");

        var ex = await Assert.ThrowsAsync<LedgerException>(() => LedgerWriter.AppendAsync(path, TestLedger.Event(0)));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("rampart ledger init", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task LedgerWriter_ExistingLedger_AppendsAndReturnsTheIndex()
    {
        using var test = new TestLedger();
        test.Append(2);

        var index = await LedgerWriter.AppendAsync(test.Path, TestLedger.Event(9));
        var indexes = await LedgerWriter.AppendAsync(test.Path, [TestLedger.Event(10), TestLedger.Event(11)]);

        Assert.Equal(2, index);
        Assert.Equal([3L, 4L], indexes);
        Assert.Equal(5, test.Ledger.Count);
    }

    [Fact]
    public void Open_NotALedger_SaysSo()
    {
        using var folder = new TempFolder();
        var path = folder.Write("x.db", "hello, not sqlite");

        var ex = Assert.Throws<LedgerException>(() => Ledger.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHashes_ReturnsLeavesAndNodes_AndLeavesOutMissingOnes()
    {
        using var test = new TestLedger();
        test.Append(8);

        var hashes = test.Ledger.Store.ReadHashes([(0, 3), (1, 2), (3, 0), (1, 9), (0, 8)]);

        Assert.Equal(3, hashes.Count);
        Assert.Equal(test.Ledger.Store.ReadHash(0, 3), hashes[(0, 3)]);
        Assert.Equal(test.Ledger.Store.ReadHash(1, 2), hashes[(1, 2)]);
        Assert.Equal(test.Ledger.Root(8), hashes[(3, 0)]);
    }

    [Fact]
    public void Batched_ReadsOnceAndGivesTheSameProofsAsSingleReads()
    {
        using var test = new TestLedger();
        test.Append(37);
        var singleReads = 0;
        var single = new StoredTree((level, index) =>
        {
            singleReads++;
            return test.Ledger.Store.ReadHash(level, index);
        });
        var batched = new StoredTree(test.Ledger.Store);

        for (var size = 1; size <= 37; size++)
        {
            for (var index = 0; index < size; index++)
            {
                Assert.Equal(single.InclusionProof(index, size), batched.Batched(t => t.InclusionProof(index, size)));
            }

            Assert.Equal(single.Root(size), batched.Batched(t => t.Root(size)));
            Assert.Equal(single.ConsistencyProof(1, size), batched.Batched(t => t.ConsistencyProof(1, size)));
        }

        Assert.True(singleReads > 0);
    }

    [Fact]
    public void AddCheckpoint_SmallerThanTheLast_IsRefused()
    {
        using var test = new TestLedger();
        test.Append(3);
        test.Ledger.Store.AddCheckpoint(3, test.Ledger.Root(3), "note at 3");

        var ex = Assert.Throws<LedgerException>(() => test.Ledger.Store.AddCheckpoint(2, test.Ledger.Root(2), "note at 2"));

        Assert.Contains("would go backwards", ex.Message, StringComparison.Ordinal);
        Assert.Single(test.Ledger.Checkpoints());
    }

    [Fact]
    public void Append_FailingBatch_LeavesNothingBehind()
    {
        using var test = new TestLedger();
        test.Append(3);
        var bad = TestLedger.Event(3) with { Actor = string.Empty };

        Assert.Throws<ArgumentException>(() => test.Ledger.AppendBatch([TestLedger.Event(3), bad]));
        test.Sql("DELETE FROM nodes WHERE level = 1 AND idx = 0;");
        Assert.Throws<LedgerException>(() => test.Ledger.Append(TestLedger.Event(3))); // needs the deleted node

        Assert.Equal(3, test.Ledger.Count);
        Assert.Equal(3, test.Ledger.Read(0, 10).Count);
    }
}
