using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Rampart.Checks;
using Rampart.Checks.Governance;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.IO;
using Rampart.Manifest;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Checks;

/// <summary>
/// One (model, test dataset) pair an evaluation check works on: the loaded model and data, or why it cannot be
/// evaluated. A pair whose files cannot be found yields nothing: GOV-ASSETS and MODEL-SCAN report those.
/// </summary>
/// <param name="Model">The model asset.</param>
/// <param name="Dataset">The dataset asset.</param>
/// <param name="Where">The manifest position of the dataset, with <c>model on dataset</c> as the logical location.</param>
/// <param name="Loaded">The model, when it loaded.</param>
/// <param name="Data">The data, when it was read.</param>
/// <param name="Impossible">Why the pair cannot be evaluated (with <see cref="Problems"/>), or <c>null</c>.</param>
/// <param name="Problems">The problems behind <see cref="Impossible"/>.</param>
internal sealed record EvaluationTarget(ModelAsset Model, DatasetAsset Dataset, FindingLocation Where, ModelUnderTest? Loaded, TabularDataset? Data, string? Impossible, ImmutableArray<Problem> Problems)
{
    /// <summary>The subject of measurements: <c>model on dataset</c>.</summary>
    public string Subject => $"{Model.Id} on {Dataset.Id}";

    /// <summary>The model's format is not one Rampart evaluates (not ONNX): a low finding, not a broken evaluation.</summary>
    public bool Unsupported { get; init; }
}

/// <summary>Finds, loads and reads the (model, test dataset) pairs of the manifest for the evaluation checks, and the helpers their findings share.</summary>
internal static class EvaluationTargets
{
    /// <summary>The dataset role evaluated.</summary>
    public const string TestRole = "test";

    /// <summary>
    /// Every ONNX-or-other model with a path, paired with every test dataset that <paramref name="wanted"/> accepts.
    /// Each dataset is read once and each model loaded once.
    /// </summary>
    public static async IAsyncEnumerable<EvaluationTarget> EnumerateAsync(SystemManifest manifest, Func<DatasetAsset, bool> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var datasets = manifest.Assets.Datasets.Where(d => d.Role == TestRole && d.Label is not null && d.Path is not null && wanted(d)).ToList();
        var models = manifest.Assets.Models.Where(m => m.Path is not null).ToList();
        if (datasets.Count == 0 || models.Count == 0)
        {
            yield break;
        }

        var loaded = new Dictionary<string, ValidationResult<ModelUnderTest>?>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SystemFiles.Resolve(manifest.BaseDirectory, dataset.Path!, out var dataPath) is not null)
            {
                continue;
            }

            ValidationResult<TabularDataset> read;
            var stream = File.OpenRead(dataPath);
            await using (stream.ConfigureAwait(false))
            {
                // Named as in the manifest, so messages and finding fingerprints do not depend on where the system lies.
                read = await TabularDatasetReader.ReadAsync(stream, CheckContext.DisplayPath(dataset.Path!), DatasetReadOptions.ForAsset(dataset), cancellationToken).ConfigureAwait(false);
            }

            foreach (var model in models)
            {
                var where = ManifestLocations.At(manifest, dataset.Position, $"{model.Id} on {dataset.Id}");
                if (!read.IsValid)
                {
                    yield return new EvaluationTarget(model, dataset, where, null, null, "the dataset cannot be read", read.Problems);
                    continue;
                }

                if (!loaded.TryGetValue(model.Id, out var modelResult))
                {
                    modelResult = Load(manifest, model);
                    loaded[model.Id] = modelResult;
                }

                if (modelResult is null)
                {
                    if (!IsOnnx(model))
                    {
                        var what = $"only ONNX models are evaluated, and '{model.Path}' is {(model.Format is null ? "not an .onnx file" : $"declared '{model.Format}'")}";
                        yield return new EvaluationTarget(model, dataset, where, null, read.Value, what, []) { Unsupported = true };
                    }

                    continue;
                }

                yield return modelResult.IsValid
                    ? new EvaluationTarget(model, dataset, where, modelResult.Value, read.Value, null, [])
                    : new EvaluationTarget(model, dataset, where, null, read.Value, "the model cannot be loaded", modelResult.Problems);
            }
        }
    }

    /// <summary>The sentence of an impossible evaluation: what, then the first five problems.</summary>
    public static string Explain(string what, IEnumerable<Problem> problems)
    {
        var list = problems.ToList();
        if (list.Count == 0)
        {
            return what + ".";
        }

        var quoted = string.Join(" ", list.Take(5).Select(p => p.ToString().TrimEnd('.') + "."));
        var more = list.Count > 5 ? $" ({list.Count - 5} more problem(s).)" : string.Empty;
        return $"{what}. {quoted}{more}";
    }

    /// <summary>The evidence every evaluation finding carries: the model asset and the dataset, plus the first problem's field.</summary>
    public static ImmutableSortedDictionary<string, string> Evidence(ModelAsset model, DatasetAsset dataset, IEnumerable<Problem>? problems = null)
    {
        var evidence = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("asset", model.Id).Add("dataset", dataset.Id);
        return problems?.FirstOrDefault(p => p.Field is not null)?.Field is { } field ? evidence.Add("field", field) : evidence;
    }

    /// <summary>A finding of a check's rule.</summary>
    public static Finding Make(string checkId, RuleDescriptor rule, Severity severity, string message, FindingLocation location, ImmutableArray<string> threats, ImmutableSortedDictionary<string, string> evidence) => new()
    {
        RuleId = rule.Id,
        CheckId = checkId,
        Severity = severity,
        Message = message,
        Location = location,
        Evidence = evidence,
        Threats = threats,
    };

    /// <summary>The one finding of a check whose <c>policy.thresholds</c> keys are unknown or out of range (the defaults are used).</summary>
    /// <param name="checkId">The check.</param>
    /// <param name="rule">Its "cannot evaluate" rule.</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="family">What the thresholds are about, for example <c>robustness</c>.</param>
    /// <param name="problems">The problems, each naming its key (at least one).</param>
    public static Finding PolicyFinding(string checkId, RuleDescriptor rule, SystemManifest manifest, string family, IReadOnlyList<Problem> problems) => Make(
        checkId,
        rule,
        rule.DefaultSeverity,
        $"The policy's {family} thresholds are unusable: {Explain(string.Empty, problems).TrimStart('.', ' ')}",
        new FindingLocation { File = Path.GetFileName(manifest.FilePath), Logical = "policy.thresholds" },
        [],
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("field", problems[0].Field ?? "policy.thresholds"));

    /// <summary>The finding of a (model, dataset) pair that cannot be evaluated.</summary>
    /// <param name="checkId">The check.</param>
    /// <param name="rule">Its "cannot evaluate" rule.</param>
    /// <param name="target">The pair.</param>
    /// <param name="verb">What could not be done, for example <c>evaluated for robustness</c>.</param>
    /// <param name="what">Why.</param>
    /// <param name="problems">The problems behind it.</param>
    public static Finding Impossible(string checkId, RuleDescriptor rule, EvaluationTarget target, string verb, string what, IEnumerable<Problem> problems)
    {
        var list = problems.ToList();
        return Make(checkId, rule, target.Unsupported ? Severity.Low : rule.DefaultSeverity, $"Model '{target.Model.Id}' cannot be {verb} on '{target.Dataset.Id}': {Explain(what, list)}", target.Where, [], Evidence(target.Model, target.Dataset, list));
    }

    /// <summary>A number for messages and evidence: up to four decimals, <c>NaN</c> when undefined.</summary>
    public static string F(double value) => double.IsNaN(value) ? "NaN" : value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// The policy thresholds of one check family, resolved: the policy's value when it sets a usable one, else the
    /// default (then <c>FromPolicy</c> is false). Problems, in key order: a key of the family (<paramref name="prefix"/>)
    /// that is not known, with a suggestion, and a value that is out of range (the default is used instead).
    /// </summary>
    public static (ImmutableDictionary<string, (double Value, bool FromPolicy)> Values, ImmutableArray<Problem> Problems) Thresholds(Policy policy, string prefix, IReadOnlyDictionary<string, ThresholdSpec> specs)
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        foreach (var key in policy.Thresholds.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !specs.ContainsKey(k)))
        {
            problems.Add(new Problem { Field = $"policy.thresholds.{key}", Message = $"'{key}' is not a threshold of this check.{Suggestions.DidYouMean(key, specs.Keys)} The keys are listed in docs/evaluation.md." });
        }

        var values = ImmutableDictionary.CreateBuilder<string, (double, bool)>(StringComparer.Ordinal);
        foreach (var (key, spec) in specs.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!policy.Thresholds.TryGetValue(key, out var value))
            {
                values[key] = (spec.Default, false);
            }
            else if (spec.Usable(value))
            {
                values[key] = (value, true);
            }
            else
            {
                problems.Add(new Problem { Field = $"policy.thresholds.{key}", Message = $"{F(value)} is not {spec.What}; give {spec.Give} (the default {F(spec.Default)} is used)." });
                values[key] = (spec.Default, false);
            }
        }

        return (values.ToImmutable(), problems.ToImmutable());
    }

    private static ValidationResult<ModelUnderTest>? Load(SystemManifest manifest, ModelAsset model)
    {
        if (!IsOnnx(model) || SystemFiles.Resolve(manifest.BaseDirectory, model.Path!, out var full) is not null || !File.Exists(full))
        {
            // Folders and missing files: GOV-ASSETS and MODEL-SCAN report those.
            return null;
        }

        return ModelUnderTest.LoadOnnx(full, CheckContext.DisplayPath(model.Path!));
    }

    private static bool IsOnnx(ModelAsset model) =>
        string.Equals(model.Format, "onnx", StringComparison.OrdinalIgnoreCase)
        || (model.Format is null && model.Path!.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));
}

/// <summary>One policy threshold of an evaluation check: its default, which values are usable, and how to say so.</summary>
/// <param name="Default">The value used when the policy sets none or an unusable one.</param>
/// <param name="Usable">Whether a policy value can be used.</param>
/// <param name="What">What the value is, for the message (for example <c>a budget</c>).</param>
/// <param name="Give">What to give instead (for example <c>a positive number</c>).</param>
internal sealed record ThresholdSpec(double Default, Func<double, bool> Usable, string What, string Give)
{
    /// <summary>A share or rate from 0 to 1.</summary>
    public static ThresholdSpec Fraction(double defaultValue, string what) => new(defaultValue, v => double.IsFinite(v) && v is >= 0 and <= 1, what, "a number from 0 to 1");
}
