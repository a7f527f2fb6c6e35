using System.Collections.Immutable;
using Rampart.Signing.Bundles;
using Rampart.Signing.Manifests;

namespace Rampart.Signing.Verification;

/// <summary>Checks a signed statement for consistency, and a model against it.</summary>
internal static class ManifestChecks
{
    /// <summary>Checks the method, hash and root digest of the statement.</summary>
    public static void CheckStatement(InTotoStatement statement, ImmutableArray<VerificationProblem>.Builder problems)
    {
        if (statement.Serialization is { } serialization)
        {
            if (serialization.Method != "files")
            {
                problems.Add(new VerificationProblem { Kind = VerificationProblemKind.Unsupported, Message = $"unsupported: serialization method '{serialization.Method}' (only 'files' is verified so far)" });
            }

            if (serialization.HashType != "sha256")
            {
                problems.Add(new VerificationProblem { Kind = VerificationProblemKind.Unsupported, Message = $"unsupported: hash type '{serialization.HashType}' (only 'sha256' is verified so far)" });
            }
        }

        foreach (var resource in statement.Resources.Where(r => r.Algorithm != "sha256").Take(1))
        {
            problems.Add(new VerificationProblem { Kind = VerificationProblemKind.Unsupported, Message = $"unsupported: resource algorithm '{resource.Algorithm}'", Path = resource.Name });
        }

        var duplicates = statement.Resources.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var duplicate in duplicates)
        {
            problems.Add(new VerificationProblem { Kind = VerificationProblemKind.ManifestInconsistent, Message = $"manifest inconsistent: resource '{duplicate}' appears more than once", Path = duplicate });
        }

        if (statement.PredicateType == InTotoStatement.SignatureV1PredicateType && problems.Count == 0)
        {
            var root = ModelManifest.ComputeRootDigest(statement.Resources);
            if (root != statement.Subjects[0].Sha256)
            {
                problems.Add(new VerificationProblem { Kind = VerificationProblemKind.ManifestInconsistent, Message = $"manifest inconsistent: the root digest of the signed resources is {root}, but the subject digest is {statement.Subjects[0].Sha256}" });
            }
        }
    }

    /// <summary>Re-hashes the model and reports each changed, added and removed file.</summary>
    public static void CompareModel(string modelPath, string signaturePath, InTotoStatement statement, VerificationOptions options, ImmutableArray<VerificationProblem>.Builder problems, CancellationToken cancellationToken)
    {
        var ignore = ImmutableArray.CreateBuilder<string>();
        if (statement.Serialization is { } serialization)
        {
            ignore.AddRange(serialization.IgnorePaths);
        }

        ignore.AddRange(options.IgnorePaths);
        ModelManifest actual;
        try
        {
            actual = ModelHasher.Hash(modelPath, new ManifestOptions { IgnorePaths = ignore.ToImmutable(), IgnoreGitPaths = options.IgnoreGitPaths, SignaturePath = signaturePath }, cancellationToken);
        }
        catch (Exception error) when (error is ManifestException or IOException or UnauthorizedAccessException)
        {
            problems.Add(new VerificationProblem { Kind = VerificationProblemKind.Unreadable, Message = "unreadable model: " + error.Message });
            return;
        }

        // A single-file model's one resource is named "."; messages name the file instead.
        var fileName = Path.GetFileName(Path.TrimEndingDirectorySeparator(modelPath));
        string Display(string name) => name == "." ? $"'{fileName}' (the model file)" : $"'{name}'";
        var expected = statement.Resources.ToDictionary(r => r.Name, r => r.Digest, StringComparer.Ordinal);
        var found = actual.Resources.ToDictionary(r => r.Name, r => r.Digest, StringComparer.Ordinal);
        foreach (var resource in statement.Resources)
        {
            if (!found.TryGetValue(resource.Name, out var digest))
            {
                problems.Add(new VerificationProblem { Kind = VerificationProblemKind.FileRemoved, Message = $"file removed: {Display(resource.Name)} is signed but missing", Path = resource.Name });
            }
            else if (!string.Equals(digest, resource.Digest, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new VerificationProblem { Kind = VerificationProblemKind.FileChanged, Message = $"file changed: {Display(resource.Name)} has digest {digest}, signed {resource.Digest}", Path = resource.Name });
            }
        }

        foreach (var resource in actual.Resources.Where(r => !expected.ContainsKey(r.Name)))
        {
            problems.Add(new VerificationProblem { Kind = VerificationProblemKind.FileAdded, Message = $"file added: '{resource.Name}' is not covered by the signature", Path = resource.Name });
        }
    }
}
