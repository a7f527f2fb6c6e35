using System.Collections.Immutable;
using Rampart.Signing.Bundles;
using Rampart.Signing.Manifests;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Tests.Verification;

public sealed class ManifestChecksTests
{
    private static readonly ManifestResource A = new() { Name = "a", Algorithm = "sha256", Digest = new string('1', 64) };
    private static readonly ManifestResource B = new() { Name = "b", Algorithm = "sha256", Digest = new string('2', 64) };

    [Fact]
    public void CheckStatement_RootDigestMismatch_ReportsManifestInconsistent()
    {
        var statement = Statement([A, B], new string('0', 64));
        var problems = ImmutableArray.CreateBuilder<VerificationProblem>();
        ManifestChecks.CheckStatement(statement, problems);
        var problem = Assert.Single(problems);
        Assert.Equal(VerificationProblemKind.ManifestInconsistent, problem.Kind);
        Assert.StartsWith("manifest inconsistent", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckStatement_ConsistentRoot_ReportsNothing()
    {
        var problems = ImmutableArray.CreateBuilder<VerificationProblem>();
        ManifestChecks.CheckStatement(Statement([A, B], ModelManifest.ComputeRootDigest([A, B])), problems);
        Assert.Empty(problems);
    }

    [Fact]
    public void CheckStatement_ShardsMethod_ReportsUnsupported()
    {
        var statement = Statement([A], ModelManifest.ComputeRootDigest([A])) with
        {
            Serialization = new ManifestSerialization { Method = "shards", HashType = "sha256", ShardSize = 8 },
        };
        var problems = ImmutableArray.CreateBuilder<VerificationProblem>();
        ManifestChecks.CheckStatement(statement, problems);
        Assert.Contains(problems, p => p.Kind == VerificationProblemKind.Unsupported);
    }

    [Fact]
    public void CheckStatement_DuplicateResource_ReportsManifestInconsistent()
    {
        var problems = ImmutableArray.CreateBuilder<VerificationProblem>();
        ManifestChecks.CheckStatement(Statement([A, A], ModelManifest.ComputeRootDigest([A, A])), problems);
        Assert.Contains(problems, p => p.Kind == VerificationProblemKind.ManifestInconsistent && p.Path == "a");
    }

    private static InTotoStatement Statement(ImmutableArray<ManifestResource> resources, string root) => new()
    {
        Subjects = [new StatementSubject { Name = "model", Sha256 = root }],
        PredicateType = InTotoStatement.SignatureV1PredicateType,
        Serialization = new ManifestSerialization { Method = "files", HashType = "sha256" },
        Resources = resources,
    };
}
