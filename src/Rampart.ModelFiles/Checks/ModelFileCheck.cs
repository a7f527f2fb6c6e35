using System.Collections.Immutable;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.IO;

namespace Rampart.ModelFiles.Checks;

/// <summary>
/// MODEL-SCAN: every model file (or model folder) named in the manifest is scanned by the same code as
/// <c>rampart scan</c>; each scan finding becomes an assessment finding with the same rule id.
/// </summary>
public sealed class ModelFileCheck : ICheck
{
    /// <summary>The check id.</summary>
    public const string Id = "MODEL-SCAN";

    private static readonly ImmutableArray<string> LoadThreats = ["THR-020", "THR-003", "THR-014"];

    private readonly ScanOptions _options;

    /// <summary>Creates the check.</summary>
    /// <param name="options">Scan options, or <c>null</c> for the defaults.</param>
    public ModelFileCheck(ScanOptions? options = null) => _options = (options ?? ScanOptions.Default) with { Parallelism = 1 };

    /// <inheritdoc />
    public CheckDescriptor Descriptor { get; } = new()
    {
        Id = Id,
        Title = "Model file verification",
        Description = "Model files are scanned without loading them: pickle globals and calls, archive members, ONNX graphs and external data, SafeTensors and GGUF headers, Keras configurations and SavedModel operators.",
        Techniques = ["TEC-PLT-04"],
        Threats = LoadThreats,
        Stages = ["model-development"],
        AssetKinds = [AssetKind.Model],
        Rules = [.. ScanRules.All.Select(rule => rule.ToDescriptor())],
    };

    /// <inheritdoc />
    public async ValueTask<CheckResult> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var findings = new List<Finding>();
        var scanned = 0;
        var notClean = 0;
        var scanner = new ModelScanner(_options);
        foreach (var model in manifest.Assets.Models.Where(m => m.Path is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.GetFullPath(Path.Combine(manifest.BaseDirectory, model.Path!));
            string target;
            if (Directory.Exists(full) && SystemFiles.CheckSyntax(model.Path!) is null)
            {
                target = full;
            }
            else if (SystemFiles.Resolve(manifest.BaseDirectory, model.Path!, out var resolved) is null)
            {
                target = resolved;
            }
            else
            {
                // GOV-ASSETS reports files that cannot be read; there is nothing to scan.
                continue;
            }

            var report = await scanner.ScanAsync([target], progress: null, cancellationToken).ConfigureAwait(false);
            foreach (var file in report.Files)
            {
                scanned++;
                notClean += file.Verdict > FileVerdict.Info ? 1 : 0;
                var relative = CheckContext.DisplayPath(Path.GetRelativePath(manifest.BaseDirectory, Path.GetFullPath(file.Path)));
                findings.AddRange(file.Findings.Select(finding => Convert(finding, model.Id, relative)));
            }
        }

        return new CheckResult
        {
            Findings = [.. findings],
            Measurements =
            [
                new Measurement { CheckId = Id, Metric = "model_files.scanned", Value = scanned, Unit = "count", Verdict = Verdict.Info },
                new Measurement
                {
                    CheckId = Id,
                    Metric = "model_files.not_clean",
                    Value = notClean,
                    Threshold = 0,
                    Unit = "count",
                    Verdict = notClean == 0 ? Verdict.Pass : Verdict.Fail,
                    Threats = LoadThreats,
                },
            ],
        };
    }

    private static Finding Convert(ScanFinding finding, string assetId, string relativePath)
    {
        var inner = finding.Location with { Path = relativePath };
        var logical = string.Join("!", inner.Members);
        if (inner.Node is not null)
        {
            logical = logical.Length == 0 ? inner.Node : $"{logical}#{inner.Node}";
        }

        var evidence = finding.Evidence
            .Add("asset", assetId)
            .Add("verdict", finding.Verdict.ToString().ToLowerInvariant())
            .Add("location", inner.ToString());
        if (finding.Subject is not null)
        {
            evidence = evidence.Add("subject", finding.Subject);
        }

        return new Finding
        {
            RuleId = finding.RuleId,
            CheckId = Id,
            Severity = finding.Severity,
            Message = $"Model '{assetId}': {finding.Message}",
            Location = new FindingLocation
            {
                File = relativePath,
                Offset = inner.Members.IsEmpty ? inner.Offset : null,
                Logical = logical.Length == 0 ? assetId : logical,
            },
            Evidence = evidence,
            Threats = finding.Verdict >= FileVerdict.Suspicious ? LoadThreats : [],
        };
    }
}
