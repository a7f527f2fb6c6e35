using Rampart.Catalogue;
using Rampart.IO;

namespace Rampart.Checks.Governance;

/// <summary>GOV-ASSETS: asset files named in the manifest exist and still match their recorded SHA-256.</summary>
public sealed class AssetsCheck : ICheck
{
    // The requirement to protect training data from unauthorized modification: hash checks detect it.
    internal const string ModificationRequirement = "REQ-DAT-05";

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = "GOV-ASSETS",
        Title = "Asset integrity",
        Description = "Model, dataset and dependency files named in the manifest exist and are unchanged since their SHA-256 was recorded.",
        Techniques = [],
        Threats = ["THR-001", "THR-003", "THR-025"],
        Stages = ["planning"],
        AssetKinds = [AssetKind.Model, AssetKind.Dataset, AssetKind.Dependency],
        Rules = [GovernanceRules.AssetMissing, GovernanceRules.AssetChanged, GovernanceRules.AssetUnhashed],
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        var hashed = 0;
        foreach (var asset in manifest.Assets.All.Where(a => a.Path is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var unreadable = SystemFiles.Resolve(manifest.BaseDirectory, asset.Path!, out var full);
            var threats = ThreatsFor(asset.Kind);
            IReadOnlyList<string> requirements = asset is Manifest.DatasetAsset && context.Catalogue.Find<Requirement>(ModificationRequirement) is not null ? [ModificationRequirement] : [];
            if (unreadable is not null)
            {
                findings.Add(Make(GovernanceRules.AssetMissing, $"The {Kind(asset)} '{asset.Id}' names '{asset.Path}', but {unreadable}.", ManifestLocations.At(manifest, asset.Position, asset.Id), threats, requirements));
                continue;
            }

            var actual = await FileHasher.Sha256HexAsync(full, cancellationToken).ConfigureAwait(false);
            hashed++;
            var location = ManifestLocations.File(asset.Path!, asset.Id);
            if (asset.Sha256 is null)
            {
                findings.Add(Make(GovernanceRules.AssetUnhashed, $"The {Kind(asset)} '{asset.Id}' ({asset.Path}) has no recorded sha256.", location, [], requirements) with
                {
                    Evidence = FindingEvidence.Of(("sha256", actual)),
                });
            }
            else if (!string.Equals(asset.Sha256, actual, StringComparison.Ordinal))
            {
                findings.Add(Make(GovernanceRules.AssetChanged, $"The {Kind(asset)} '{asset.Id}' ({asset.Path}) has changed since its sha256 was recorded.", location, threats, requirements) with
                {
                    Evidence = FindingEvidence.Of(("recorded_sha256", asset.Sha256), ("actual_sha256", actual)),
                });
            }
        }

        var examinedDatasets = manifest.Assets.Datasets.Any(d => d.Path is not null) && context.Catalogue.Find<Requirement>(ModificationRequirement) is not null;
        return new CheckResult
        {
            Findings = [.. findings],
            Covered = examinedDatasets ? [ModificationRequirement] : [],
            Measurements = [new Measurement { CheckId = Descriptor.Id, Metric = "assets.files_hashed", Value = hashed, Unit = "count", Verdict = Verdict.Info }],
        };

        Finding Make(RuleDescriptor rule, string message, FindingLocation location, IReadOnlyList<string> threats, IReadOnlyList<string> requirements) => new()
        {
            RuleId = rule.Id,
            CheckId = Descriptor.Id,
            Severity = rule.DefaultSeverity,
            Message = message,
            Location = location,
            Threats = [.. threats],
            Requirements = [.. requirements],
        };

        IReadOnlyList<string> ThreatsFor(AssetKind kind) =>
            [.. Descriptor.Threats.Where(id => context.Catalogue.Find<Threat>(id)?.AssetKinds.Contains(kind) == true)];
    }

    private static string Kind(Manifest.Asset asset) => asset.Kind.ToString().ToLowerInvariant();
}
