using System.Collections.Immutable;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Checks.Governance;
using Rampart.IO;
using Rampart.Manifest;
using Rampart.Signing.Signing;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Checks;

/// <summary>
/// MODEL-SIGNATURE: every model with a <c>signature:</c> entry is verified (OpenSSF Model Signing, key or certificate
/// mode) against its files; from the deployment stage on, model files without a signature are reported.
/// </summary>
public sealed class ModelSignatureCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "MODEL-SIGNATURE";

    /// <summary>The stage from which unsigned model files are reported.</summary>
    public const string SignedFromStage = "deployment";

    /// <summary>The most verification problems quoted in one finding's message.</summary>
    public const int MaxQuotedProblems = 5;

    private static readonly ImmutableArray<string> TamperThreats = ["THR-003", "THR-011"];

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Model signature verification",
        Description = "Models named with a signature in the manifest are verified against their OpenSSF Model Signing bundle (key or certificate mode): every signed file present and unchanged, no unsigned file added, signed by the given key or a certificate chaining to the given trust anchors. From the deployment stage on, unsigned model files are reported.",
        Techniques = ["TEC-PLT-04"],
        Threats = TamperThreats,
        Stages = ["model-development"],
        AssetKinds = [AssetKind.Model],
        Rules = SigningRules.All,
    };

    /// <inheritdoc />
    public ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var deployed = IsAtOrPast(context.Catalogue, manifest.System.Stage, SignedFromStage);
        var findings = new List<Finding>();
        var verified = 0;
        var failed = 0;
        foreach (var model in manifest.Assets.Models)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (model.Signature is null)
            {
                if (deployed && model.Path is not null)
                {
                    findings.Add(Make(SigningRules.ModelUnsigned, SigningRules.ModelUnsigned.DefaultSeverity, $"The model '{model.Id}' ('{model.Path}') has no signature, and the system is at the '{manifest.System.Stage}' stage.", ManifestLocations.At(manifest, model.Position, model.Id), TamperThreats));
                }

                continue;
            }

            var outcome = Verify(manifest, model, model.Signature, deployed, cancellationToken);
            if (outcome is null)
            {
                verified++;
            }
            else
            {
                failed++;
                findings.Add(outcome);
            }
        }

        return ValueTask.FromResult(new CheckResult
        {
            Findings = [.. findings],
            Measurements =
            [
                new Measurement { CheckId = Id, Metric = "signatures.verified", Value = verified, Unit = "count", Verdict = Verdict.Info },
                new Measurement
                {
                    CheckId = Id,
                    Metric = "signatures.failed",
                    Value = failed,
                    Threshold = 0,
                    Unit = "count",
                    Verdict = failed == 0 ? Verdict.Pass : Verdict.Fail,
                    Threats = TamperThreats,
                },
            ],
        });
    }

    /// <summary>Verifies one model; null when it verifies, otherwise the finding.</summary>
    private static Finding? Verify(SystemManifest manifest, ModelAsset model, ModelSignatureRef signature, bool deployed, CancellationToken cancellationToken)
    {
        var location = ManifestLocations.At(manifest, signature.Position, model.Id);
        Finding Unreadable(string what) =>
            Make(SigningRules.SignatureUnreadable, SigningRules.SignatureUnreadable.DefaultSeverity, $"The signature of model '{model.Id}' cannot be checked: {what}.", location, TamperThreats);

        if (model.Path is null)
        {
            return Unreadable("the model has no 'path' to verify");
        }

        if (ResolveModel(manifest.BaseDirectory, model.Path) is not { } target)
        {
            return Unreadable($"the model '{model.Path}' cannot be read");
        }

        if (SystemFiles.Resolve(manifest.BaseDirectory, signature.Path, out _) is { } bundleProblem)
        {
            return Unreadable($"the signature '{signature.Path}' cannot be read: {bundleProblem}");
        }

        // The lexical path, not the resolved one: the verifier leaves the signature out of the model by comparing it
        // with the model's own (lexical) path, which a resolved path under a linked folder would not match.
        var bundlePath = Path.GetFullPath(Path.Combine(manifest.BaseDirectory, signature.Path));

        var keyFile = signature.PublicKey ?? signature.CertificateChain;
        if (keyFile is null)
        {
            return Unreadable("neither 'public_key' nor 'certificate_chain' is given");
        }

        var keyLabel = signature.PublicKey is not null ? "public key" : "certificate chain";
        if (SystemFiles.Resolve(manifest.BaseDirectory, keyFile, out var keyPath) is { } keyProblem)
        {
            return Unreadable($"the {keyLabel} '{keyFile}' cannot be read: {keyProblem}");
        }

        var options = new VerificationOptions { IgnorePaths = signature.Ignore };
        VerificationResult result;
        try
        {
            result = signature.PublicKey is not null
                ? OmsVerifier.VerifyWithPublicKeyFile(target, bundlePath, keyPath, options, cancellationToken)
                : OmsVerifier.VerifyWithCertificateChainFiles(target, bundlePath, [keyPath], options, cancellationToken);
        }
        catch (KeyFileException error)
        {
            return Unreadable($"the {keyLabel} '{keyFile}' is not usable: {error.Reason}");
        }

        if (result.IsValid)
        {
            return null;
        }

        var quoted = string.Join("; ", result.Problems.Take(MaxQuotedProblems).Select(p => p.Message));
        var more = result.Problems.Length > MaxQuotedProblems ? $"; and {result.Problems.Length - MaxQuotedProblems} more" : "";
        (string Key, string Value)[] facts =
        [
            ("asset", model.Id),
            ("signature", CheckContext.DisplayPath(signature.Path)),
            ("mode", signature.PublicKey is not null ? "key" : "certificate"),
            ("problems", result.Problems.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("kinds", string.Join(",", result.Problems.Select(p => p.Kind.ToString()).Distinct())),
            ("changed", string.Join(",", result.ChangedFiles.Take(20))),
            ("added", string.Join(",", result.AddedFiles.Take(20))),
            ("removed", string.Join(",", result.RemovedFiles.Take(20))),
        ];
        var evidence = FindingEvidence.Of([.. facts.Where(fact => fact.Value.Length > 0)]);
        return Make(
            SigningRules.SignatureInvalid,
            deployed ? Severity.Critical : Severity.High,
            $"The signature '{signature.Path}' of model '{model.Id}' does not verify: {quoted}{more}.",
            location,
            TamperThreats) with
        { Evidence = evidence };
    }

    private static string? ResolveModel(string baseDirectory, string path)
    {
        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (Directory.Exists(full) && SystemFiles.CheckSyntax(path) is null)
        {
            return full;
        }

        return SystemFiles.Resolve(baseDirectory, path, out var resolved) is null ? resolved : null;
    }

    private static bool IsAtOrPast(SecurityCatalogue catalogue, string stage, string threshold) =>
        catalogue.FindStage(stage) is { } current && catalogue.FindStage(threshold) is { } limit && current.Order >= limit.Order;

    private static Finding Make(Rampart.Checks.RuleDescriptor rule, Severity severity, string message, FindingLocation location, ImmutableArray<string> threats) => new()
    {
        RuleId = rule.Id,
        CheckId = Id,
        Severity = severity,
        Message = message,
        Location = location,
        Threats = threats,
    };
}
