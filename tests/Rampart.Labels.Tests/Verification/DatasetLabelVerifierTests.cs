using System.Text;
using Rampart.Labels.Model;
using Rampart.Labels.Rows;
using Rampart.Labels.Verification;
using Rampart.Ledger.Merkle;
using Rampart.Signing.Bundles;
using Rampart.Signing.Signing;
using Rampart.Tests;

namespace Rampart.Labels.Tests.Verification;

public sealed class DatasetLabelVerifierTests
{
    private static byte[][] ExpectedLeaves(int count) =>
        [.. Enumerable.Range(1, count).Select(i => RowEncoding.LeafHash([$"{i}", $"a{i}", $"{i}0"]))];

    [Fact]
    public async Task CreateAsync_SmallCsv_SignsRootComputedByHand()
    {
        using var fixture = new LabelFixture();

        var created = await fixture.LabelAsync(LabelFixture.Rows(3));

        var leaves = ExpectedLeaves(3);
        var root = MerkleHash.Node(MerkleHash.Node(leaves[0], leaves[1]), leaves[2]);
        var label = created.Label;
        Assert.Equal(Convert.ToHexStringLower(root), label.RowMerkleRoot);
        Assert.Equal(3, label.RowCount);
        Assert.Equal(["id", "name", "score"], label.Columns.ToArray());
        Assert.Equal(Convert.ToHexStringLower(RowEncoding.SchemaHash(["id", "name", "score"])), label.SchemaSha256);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(fixture.DatasetPath))), label.FileSha256);
        Assert.Equal("data.csv", label.SubjectName);
        Assert.Equal(FixedTime.Default.GetUtcNow(), label.CreatedAt);
        Assert.Equal(RowsFile.HeaderBytes + (3 * 32), new FileInfo(fixture.RowsPath).Length);
        Assert.Equal("data.csv.label.rows", label.RowHashes!.File);
    }

    [Fact]
    public async Task CreateAsync_LabelFile_IsSigstoreBundleWithDatasetStatement()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(2));

        var bundle = BundleParser.ParseBundle(File.ReadAllBytes(fixture.LabelPath));
        var statement = Encoding.UTF8.GetString(bundle.Envelope.Payload.Span);

        Assert.Equal(BundleWriter.MediaType, bundle.MediaType);
        Assert.Equal(fixture.Key.PublicKey.Hint, bundle.VerificationMaterial.PublicKeyHint);
        Assert.StartsWith("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"data.csv\",\"digest\":{\"sha256\":", statement, StringComparison.Ordinal);
        Assert.Contains("\"predicateType\":\"https://rampart.dev/dataset-label/v1\"", statement, StringComparison.Ordinal);
        Assert.Contains("\"collectedAt\":\"2026-01-15T08:30:00Z\",\"createdAt\":\"2026-11-30T12:00:00Z\"", statement, StringComparison.Ordinal);
        Assert.Contains("\"sensitivity\":\"confidential\"", statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_Unchanged_Intact()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(5));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Intact, result.Status);
        Assert.True(result.SignatureValid);
        Assert.Empty(result.Issues);
        Assert.Equal("Risk office", result.Label!.Info.Owner);
    }

    [Fact]
    public async Task VerifyAsync_Row3Changed_ReportsRow3WithValidProof()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Rows(5));
        fixture.WriteDataset(LabelFixture.Rows(5).Replace("3,a3,30", "3,a3,31", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Changed, result.Status);
        var rows = result.Rows!;
        Assert.Equal((1, 0, 0, 0), (rows.ChangedCount, rows.AddedCount, rows.RemovedCount, rows.MovedCount));
        var row = Assert.Single(rows.Rows);
        Assert.Equal(RowChangeKind.Changed, row.Kind);
        Assert.Equal(3, row.OriginalRow);
        Assert.Equal(3, row.CurrentRow);
        Assert.Equal(4, row.CurrentLine);
        Assert.Equal(Convert.ToHexStringLower(RowEncoding.LeafHash(["3", "a3", "31"])), row.CurrentLeafHash);

        // The proof shows what the signed row was, against the signed root; check it independently.
        var proof = row.Proof!;
        Assert.True(proof.Verified);
        Assert.Equal(Convert.ToHexStringLower(ExpectedLeaves(5)[2]), proof.LeafHash);
        var verification = MerkleProof.VerifyInclusion(2, 5, Convert.FromHexString(proof.LeafHash), [.. proof.Hashes.Select(Convert.FromHexString)], Convert.FromHexString(created.Label.RowMerkleRoot));
        Assert.True(verification.IsValid, verification.Message);
        Assert.Contains(result.Issues, i => i.Kind == LabelIssueKind.RowsChanged && i.Message.Contains("1 changed (row 3 at line 4)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_RowInsertedInMiddle_OneAddedNoneChanged()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(6));
        fixture.WriteDataset(LabelFixture.Rows(6).Replace("4,a4,40\n", "99,x,0\n4,a4,40\n", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync();

        var rows = result.Rows!;
        Assert.Equal((0, 1, 0, 0), (rows.ChangedCount, rows.AddedCount, rows.RemovedCount, rows.MovedCount));
        var added = Assert.Single(rows.Rows);
        Assert.Equal(RowChangeKind.Added, added.Kind);
        Assert.Equal(4, added.CurrentRow);
        Assert.Equal(5, added.CurrentLine);
        Assert.Null(added.Proof);
    }

    [Fact]
    public async Task VerifyAsync_RowDeleted_OneRemovedWithProof()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(6));
        fixture.WriteDataset(LabelFixture.Rows(6).Replace("2,a2,20\n", "", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync();

        var removed = Assert.Single(result.Rows!.Rows);
        Assert.Equal(RowChangeKind.Removed, removed.Kind);
        Assert.Equal(2, removed.OriginalRow);
        Assert.Null(removed.CurrentLine);
        Assert.True(removed.Proof!.Verified);
        Assert.Equal(Convert.ToHexStringLower(ExpectedLeaves(6)[1]), removed.Proof.LeafHash);
    }

    [Fact]
    public async Task VerifyAsync_RowsReordered_ReportsMoveNotChange()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(5));
        fixture.WriteDataset(LabelFixture.Header + "1,a1,10\n3,a3,30\n2,a2,20\n4,a4,40\n5,a5,50\n");

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Changed, result.Status);
        var moved = Assert.Single(result.Rows!.Rows);
        Assert.Equal(RowChangeKind.Moved, moved.Kind);
        Assert.Equal(0, result.Rows.ChangedCount);
        Assert.True(moved.Proof!.Verified);
    }

    [Fact]
    public async Task VerifyAsync_RowsAppended_ConsistencyProofVerifies()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Rows(5));
        fixture.WriteDataset(LabelFixture.Rows(8));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Appended, result.Status);
        var proof = result.Appended!;
        Assert.True(proof.Verified);
        Assert.Equal((5, 8), (proof.OldSize, proof.NewSize));
        Assert.Equal(created.Label.RowMerkleRoot, proof.OldRoot);
        var leaves = ExpectedLeaves(8);
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.Root(leaves)), proof.NewRoot);
        Assert.Equal(MerkleTree.ConsistencyProof(leaves, 5, 8).Select(Convert.ToHexStringLower), proof.Hashes);
        Assert.Contains(result.Issues, i => i.Kind == LabelIssueKind.RowsAppended && i.Message.Contains("3 rows follow them (from line 7)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_LineEndingsChangedToCrlf_ContentIntact()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(4));
        fixture.WriteDataset("\uFEFF" + LabelFixture.Rows(4).Replace("\n", "\r\n", StringComparison.Ordinal).Replace("a2", "\"a2\"", StringComparison.Ordinal) + "\r\n");

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.ContentIntact, result.Status);
        Assert.True(result.IsIntact);
        Assert.Contains(result.Issues, i => i.Kind == LabelIssueKind.FileDigestMismatch);
    }

    [Fact]
    public async Task VerifyAsync_CrlfInsideQuotedField_CountsAsChange()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Header + "1,\"two\nlines\",10\n");
        fixture.WriteDataset(LabelFixture.Header + "1,\"two\r\nlines\",10\n");

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Changed, result.Status);
        Assert.Equal(1, result.Rows!.ChangedCount);
    }

    [Fact]
    public async Task VerifyAsync_HeaderRenamed_SchemaChangedRowsIntact()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(2));
        fixture.WriteDataset(LabelFixture.Rows(2).Replace("score", "points", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Changed, result.Status);
        var issue = Assert.Single(result.Issues, i => i.Kind == LabelIssueKind.SchemaChanged);
        Assert.Equal("The header changed: signed columns [id, name, score], now [id, name, points].", issue.Message);
        Assert.Null(result.Rows);
    }

    [Fact]
    public async Task VerifyAsync_PayloadEdited_BadSignature()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        var bundle = BundleParser.ParseBundle(File.ReadAllBytes(fixture.LabelPath));
        var payload = Encoding.UTF8.GetString(bundle.Envelope.Payload.Span).Replace("\"rowCount\":3", "\"rowCount\":4", StringComparison.Ordinal);
        var edited = bundle with { Envelope = bundle.Envelope with { Payload = Encoding.UTF8.GetBytes(payload) } };
        File.WriteAllBytes(fixture.LabelPath, BundleWriter.Write(edited));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.LabelInvalid, result.Status);
        Assert.False(result.SignatureValid);
        Assert.Equal(LabelIssueKind.SignatureInvalid, Assert.Single(result.Issues).Kind);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_BadSignature()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        using var other = SigningKey.Generate();

        var result = await fixture.VerifyAsync(other.PublicKey);

        Assert.Equal(LabelStatus.LabelInvalid, result.Status);
        Assert.Contains("is not signed by the given key", Assert.Single(result.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RowsFileTampered_DetectedThroughSignedHash()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        var bytes = File.ReadAllBytes(fixture.RowsPath);
        bytes[^1] ^= 1;
        File.WriteAllBytes(fixture.RowsPath, bytes);
        fixture.WriteDataset(LabelFixture.Rows(3).Replace("a2", "b2", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Changed, result.Status);
        Assert.Contains(result.Issues, i => i.Kind == LabelIssueKind.RowHashesTampered && i.Field == "predicate.rowHashes.sha256");
        Assert.Null(result.Rows);
    }

    [Fact]
    public async Task VerifyAsync_RowsFileMissing_DecidesFromRootAndSaysSo()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        File.Delete(fixture.RowsPath);

        var intact = await fixture.VerifyAsync();
        fixture.WriteDataset(LabelFixture.Rows(3).Replace("a2", "b2", StringComparison.Ordinal));
        var changed = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Intact, intact.Status);
        Assert.Contains(intact.Issues, i => i.Kind == LabelIssueKind.RowHashesMissing && i.Message.Contains("changed rows cannot be named", StringComparison.Ordinal));
        Assert.Equal(LabelStatus.Changed, changed.Status);
        Assert.Contains(changed.Issues, i => i.Kind == LabelIssueKind.RowsChanged && i.Message.Contains("without the row-hash file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyAsync_SignedLabelWithWrongRowCount_LabelInconsistent()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Rows(3));
        File.Delete(fixture.RowsPath);
        var lying = created.Label with { RowCount = 10, RowHashes = null };
        SignLabel(fixture, lying);

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.LabelInvalid, result.Status);
        Assert.True(result.SignatureValid);
        var issue = Assert.Single(result.Issues, i => i.Kind == LabelIssueKind.LabelInconsistent);
        Assert.Equal("predicate.rowCount", issue.Field);
        Assert.Contains("rowCount (10)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SubjectNamesAnotherFile_Reported()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Rows(3));
        SignLabel(fixture, created.Label with { SubjectName = "other.csv" });

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Intact, result.Status);
        Assert.Equal("The label is for a file named 'other.csv', not 'data.csv'.", Assert.Single(result.Issues).Message);
    }

    [Theory]
    [InlineData("not json", "(bundle)")]
    [InlineData("{\"mediaType\":\"x\"}", "dsseEnvelope")]
    public async Task VerifyAsync_GarbageLabel_MalformedNamingField(string text, string field)
    {
        using var fixture = new LabelFixture();
        fixture.WriteDataset(LabelFixture.Rows(1));
        File.WriteAllText(fixture.LabelPath, text);

        var result = await fixture.VerifyAsync();

        var issue = Assert.Single(result.Issues);
        Assert.Equal(LabelIssueKind.LabelMalformed, issue.Kind);
        Assert.Equal(field, issue.Field);
        Assert.Contains(fixture.LabelPath, issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_SignedStatementWithBadField_MalformedNamingField()
    {
        using var fixture = new LabelFixture();
        fixture.WriteDataset(LabelFixture.Rows(1));
        var envelope = DsseSigner.Sign(BundleParser.InTotoPayloadType, Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"https://rampart.dev/dataset-label/v1\",\"subject\":[{\"name\":\"data.csv\",\"digest\":{\"sha256\":\"xyz\"}}]}"), fixture.Key);
        File.WriteAllBytes(fixture.LabelPath, BundleWriter.Write(new SigstoreBundle { MediaType = BundleWriter.MediaType, VerificationMaterial = new BundleVerificationMaterial { PublicKeyHint = fixture.Key.PublicKey.Hint }, Envelope = envelope }));

        var result = await fixture.VerifyAsync();

        var issue = Assert.Single(result.Issues);
        Assert.Equal("subject[0].digest.sha256", issue.Field);
        Assert.EndsWith("subject[0].digest.sha256: must be 64 lower-case hex digits (a SHA-256)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_FieldOverLimit_FailsNamingLine()
    {
        using var fixture = new LabelFixture();
        fixture.WriteDataset(LabelFixture.Header + "1,a,1\n2," + new string('x', 5000) + ",2\n");

        var created = await DatasetLabeler.CreateAsync(fixture.DatasetPath, fixture.LabelPath, LabelFixture.Info, fixture.Key, FixedTime.Default, new LabelOptions { Csv = new() { MaxFieldLength = 4096 } });

        var problem = Assert.Single(created.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Equal(fixture.DatasetPath, problem.File);
        Assert.Contains("longer than the limit of 4096 bytes", problem.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.LabelPath));
    }

    [Fact]
    public async Task VerifyAsync_DatasetOverRowLimit_Unreadable()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        fixture.WriteDataset(LabelFixture.Rows(6));

        var result = await fixture.VerifyAsync(options: new LabelOptions { MaxRows = 5 });

        Assert.Equal(LabelStatus.DatasetUnreadable, result.Status);
        Assert.Contains("more than the limit of 5 data rows", result.Issues[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_MissingInfo_ListsEveryProblem()
    {
        using var fixture = new LabelFixture();
        fixture.WriteDataset(LabelFixture.Rows(1));

        var created = await DatasetLabeler.CreateAsync(fixture.DatasetPath, fixture.LabelPath, LabelFixture.Info with { Source = " ", Provider = "" }, fixture.Key, FixedTime.Default);

        Assert.Equal(["predicate.source", "predicate.provider"], created.Problems.Select(p => p.Field));
    }

    [Fact]
    public async Task VerifyAsync_ManyRowsChanged_ListCappedCountsExact()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(300));
        fixture.WriteDataset(LabelFixture.Rows(300).Replace(",a", ",b", StringComparison.Ordinal));

        var result = await fixture.VerifyAsync(options: new LabelOptions { MaxReportedRows = 7 });

        Assert.Equal(300, result.Rows!.ChangedCount);
        Assert.Equal(7, result.Rows.Rows.Length);
        Assert.True(result.Rows.Truncated);
        Assert.All(result.Rows.Rows, r => Assert.True(r.Proof!.Verified));
    }

    [Fact]
    public async Task VerifyAsync_HeaderOnlyThenRowsAdded_AppendedWithoutProof()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Header);
        fixture.WriteDataset(LabelFixture.Rows(2));

        var result = await fixture.VerifyAsync();

        Assert.Equal(0, created.Label.RowCount);
        Assert.Equal(Convert.ToHexStringLower(MerkleHash.EmptyTree), created.Label.RowMerkleRoot);
        Assert.Equal(LabelStatus.Appended, result.Status);
        Assert.Null(result.Appended);
    }

    [Fact]
    public async Task CreateAsync_ManyRows_ReportsProgressAndRootMatchesLedger()
    {
        using var fixture = new LabelFixture();
        var reports = new List<LabelProgress>();

        fixture.WriteDataset(LabelFixture.Rows(70_000));
        var created = await DatasetLabeler.CreateAsync(fixture.DatasetPath, fixture.LabelPath, LabelFixture.Info, fixture.Key, FixedTime.Default, progress: new SyncProgress(reports.Add));

        Assert.Equal(Convert.ToHexStringLower(MerkleTree.Root(ExpectedLeaves(70_000))), created.Value!.Label.RowMerkleRoot);
        Assert.Equal([65_536L, 70_000L], reports.Select(r => r.Rows));
        Assert.Equal(new FileInfo(fixture.DatasetPath).Length, reports[^1].BytesRead);
    }

    [Fact]
    public async Task VerifyAsync_Cancelled_Throws()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetLabelVerifier.VerifyAsync(fixture.DatasetPath, fixture.LabelPath, fixture.Key.PublicKey, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task VerifyAsync_DatasetIsDevice_UnreadableWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(2));

        var result = await DatasetLabelVerifier.VerifyAsync("/dev/zero", fixture.LabelPath, fixture.Key.PublicKey);

        Assert.Equal(LabelStatus.DatasetUnreadable, result.Status);
        Assert.Contains("'/dev/zero' is not a regular file", result.Issues[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_IntactDataRowsFileTampered_IntactAndTamperingReported()
    {
        using var fixture = new LabelFixture();
        await fixture.LabelAsync(LabelFixture.Rows(3));
        var bytes = File.ReadAllBytes(fixture.RowsPath);
        bytes[20] ^= 0x80;
        File.WriteAllBytes(fixture.RowsPath, bytes);

        var result = await fixture.VerifyAsync();

        Assert.Equal(LabelStatus.Intact, result.Status);
        Assert.Equal(LabelIssueKind.RowHashesTampered, Assert.Single(result.Issues).Kind);
    }

    [Fact]
    public async Task VerifyAsync_SignedRowsFileWithOtherCount_LabelInconsistent()
    {
        using var fixture = new LabelFixture();
        var created = await fixture.LabelAsync(LabelFixture.Rows(3));

        // A row-hash file of 2 rows, correctly pinned by digest in a label that says 3 rows.
        var two = new RowHashList();
        foreach (var leaf in ExpectedLeaves(2))
        {
            two.Add(leaf);
        }

        var (sha, size) = RowsFile.Write(fixture.RowsPath, two);
        SignLabel(fixture, created.Label with { RowHashes = created.Label.RowHashes! with { Sha256 = Convert.ToHexStringLower(sha), Bytes = size } });

        var intact = await fixture.VerifyAsync();
        fixture.WriteDataset(LabelFixture.Rows(4));
        var changed = await fixture.VerifyAsync();

        Assert.All(new[] { intact, changed }, r =>
        {
            Assert.Equal(LabelStatus.LabelInvalid, r.Status);
            Assert.Contains(r.Issues, i => i.Kind == LabelIssueKind.LabelInconsistent && i.Message.Contains("2 row hashes", StringComparison.Ordinal));
        });
    }

    private sealed class SyncProgress(Action<LabelProgress> report) : IProgress<LabelProgress>
    {
        public void Report(LabelProgress value) => report(value);
    }

    private static void SignLabel(LabelFixture fixture, DatasetLabel label)
    {
        var envelope = DsseSigner.Sign(BundleParser.InTotoPayloadType, LabelStatement.Write(label), fixture.Key);
        File.WriteAllBytes(fixture.LabelPath, BundleWriter.Write(new SigstoreBundle
        {
            MediaType = BundleWriter.MediaType,
            VerificationMaterial = new BundleVerificationMaterial { PublicKeyHint = fixture.Key.PublicKey.Hint },
            Envelope = envelope,
        }));
    }
}
