using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Statistics;
using Rampart.ML.Data;
using Rampart.ML.Onnx;
using Rampart.ML.Predictors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// Robustness of a classifier on a labelled dataset: maps the data's columns to the model's inputs, infers the
/// feature constraints from all rows, then runs the chosen attacks over the ε grid on the selected rows. What
/// <c>rampart eval robustness</c> and the <c>ROBUSTNESS</c> check both run.
/// </summary>
public static class ModelRobustness
{
    /// <summary>Evaluates the model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The dataset, with a class label.</param>
    /// <param name="options">What to run; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run between and inside attacks.</param>
    /// <returns>The curves, or problems naming the column, option or model field at fault.</returns>
    /// <exception cref="PredictorException">When the model fails to predict.</exception>
    public static async Task<ValidationResult<ModelRobustnessResult>> EvaluateAsync(ModelUnderTest model, TabularDataset data, ModelRobustnessOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ModelRobustnessOptions();
        var problems = new List<Problem>();
        if (options.MaxRows < 1)
        {
            problems.Add(new Problem { Field = "max_rows", Message = $"{options.MaxRows} is not a row count; give at least 1." });
        }

        var epsilons = options.Epsilons.IsDefaultOrEmpty ? RobustnessCurve.DefaultEpsilons : options.Epsilons;
        if (epsilons.Any(e => !double.IsFinite(e) || e < 0) || !epsilons.Any(e => e > 0))
        {
            problems.Add(new Problem { Field = "epsilons", Message = "Give finite budgets of at least 0, one of them positive (0 alone is the clean accuracy)." });
        }

        if (problems.Count > 0)
        {
            return ValidationResult<ModelRobustnessResult>.Failure(problems);
        }

        epsilons = [.. epsilons.Distinct().Order()];
        var map = ModelFairness.ResolveFeatureMap(model, data, problems);
        var encoded = map?.Encode(data);
        var constraints = encoded is { IsValid: true } ? FeatureConstraints.FromFeatureMap(map!, encoded.Value!, options.ImmutableColumns) : null;
        if (encoded is { IsValid: false })
        {
            problems.AddRange(encoded.Problems);
        }
        else if (constraints is { IsValid: false })
        {
            problems.AddRange(constraints.Problems);
        }

        var labels = problems.Count == 0 ? model.ClassIndexes(data, problems) : null;
        if (problems.Count > 0)
        {
            return ValidationResult<ModelRobustnessResult>.Failure(problems);
        }

        var rows = SelectRows(data.RowCount, options.MaxRows, options.SampleRows, options.Seed);
        var input = RobustnessInput.Create(encoded!.Value!.SelectRows(rows), [.. rows.Select(r => labels![r])], model.Predictor.Info, constraints!.Value!);
        if (!input.IsValid)
        {
            return ValidationResult<ModelRobustnessResult>.Failure(input.Problems);
        }

        var run = new Run(model.Predictor, input.Value!, epsilons, options, map!);
        var failed = await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            return ValidationResult<ModelRobustnessResult>.Failure(failed);
        }

        var clean = await Vectors.PredictClassesAsync(model.Predictor, input.Value!.Features, cancellationToken).ConfigureAwait(false);
        return ValidationResult<ModelRobustnessResult>.Success(new ModelRobustnessResult
        {
            Label = data.Label!.Column,
            Rows = rows.Length,
            TotalRows = data.RowCount,
            Norm = options.Norm,
            Seed = options.Seed,
            Constraints = constraints.Value!,
            Map = map!,
            ImmutableColumns = options.ImmutableColumns,
            CleanAccuracy = RobustnessMetrics.Accuracy(input.Value.Labels.AsSpan(), clean),
            Attacks = [.. run.Curves],
            Skipped = [.. run.Skipped],
            Natural = run.Natural,
        });
    }

    /// <summary>How reports name an attack.</summary>
    /// <param name="attack">The attack.</param>
    /// <returns>For example <c>PGD</c>.</returns>
    public static string Name(RobustnessAttack attack) => attack switch
    {
        RobustnessAttack.Fgsm => "FGSM",
        RobustnessAttack.Pgd => "PGD",
        RobustnessAttack.HopSkipJump => "HopSkipJump",
        RobustnessAttack.Square => "Square",
        _ => "natural corruptions",
    };

    /// <summary>The first <paramref name="count"/> rows, or a seeded sample of them in row order.</summary>
    private static int[] SelectRows(int total, int count, bool sample, int seed) => sample
        ? RowSample.Choose(new Random(seed), total, count)
        : [.. Enumerable.Range(0, Math.Min(count, total))];

    /// <summary>
    /// A minimal-perturbation attack's point at budget ε: a row is fooled when its adversarial row is within ε, and
    /// correct under attack, as the ε-ball attacks count it, when the model was right and the attack did not move it.
    /// </summary>
    private static CurvePoint MinimalPerturbationPoint(AttackResult result, ImmutableArray<int> labels, double epsilon)
    {
        int correct = 0, fooled = 0;
        for (var r = 0; r < labels.Length; r++)
        {
            var within = result.Success[r] && result.Distances[r] <= epsilon;
            fooled += within ? 1 : 0;
            correct += !within && result.CleanPredictions[r] == labels[r] ? 1 : 0;
        }

        return new CurvePoint(epsilon, (double)correct / labels.Length, (double)fooled / labels.Length);
    }

    /// <summary>One evaluation's state while the attacks run.</summary>
    private sealed class Run(IPredictor predictor, RobustnessInput input, ImmutableArray<double> epsilons, ModelRobustnessOptions options, FeatureMap map)
    {
        private readonly IGradientPredictor? _gradients = predictor is OnnxPredictor { Model.GradientUnavailableReason: not null } ? null : predictor as IGradientPredictor;

        public List<AttackCurve> Curves { get; } = [];

        public List<string> Skipped { get; } = [];

        public NaturalRobustnessReport? Natural { get; private set; }

        public async Task<IReadOnlyList<Problem>?> ExecuteAsync(CancellationToken cancellationToken)
        {
            var norm = options.Norm;
            foreach (var attack in options.Attacks.Distinct())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attack is RobustnessAttack.Fgsm or RobustnessAttack.Pgd && _gradients is null)
                {
                    var reason = (predictor as OnnxPredictor)?.Model.GradientUnavailableReason ?? $"{predictor.Info.Source} gives predictions only";
                    Skipped.Add($"{Name(attack)}: white-box attacks need input gradients, which this model does not give ({reason}); skipped.");
                    continue;
                }

                if (attack == RobustnessAttack.Square && norm == PerturbationNorm.L2)
                {
                    Skipped.Add("Square: the Square attack is L-infinity only; skipped under the L2 norm.");
                    continue;
                }

                options.Progress?.Report(Name(attack));
                var problems = attack switch
                {
                    RobustnessAttack.Natural => await NaturalAsync(cancellationToken).ConfigureAwait(false),
                    RobustnessAttack.HopSkipJump => await HopSkipJumpAsync(cancellationToken).ConfigureAwait(false),
                    _ => await BudgetedAsync(attack, cancellationToken).ConfigureAwait(false),
                };
                if (problems is not null)
                {
                    return problems;
                }
            }

            return null;
        }

        private async Task<IReadOnlyList<Problem>?> NaturalAsync(CancellationToken cancellationToken)
        {
            var natural = await NaturalRobustness.EvaluateAsync(predictor, input, new NaturalRobustnessOptions { FeatureMap = map, Seed = options.Seed }, cancellationToken).ConfigureAwait(false);
            Natural = natural.Value;
            return natural.IsValid ? null : natural.Problems;
        }

        private async Task<IReadOnlyList<Problem>?> HopSkipJumpAsync(CancellationToken cancellationToken)
        {
            var iterations = options.HopSkipJumpIterations;
            var hsj = await HopSkipJumpAttack.RunAsync(predictor, input, new HopSkipJumpOptions { Norm = options.Norm, MaxIterations = iterations, Seed = options.Seed }, cancellationToken).ConfigureAwait(false);
            if (!hsj.IsValid)
            {
                return hsj.Problems;
            }

            var result = hsj.Value!;
            var points = epsilons.Select(e => MinimalPerturbationPoint(result, input.Labels, e)).ToImmutableArray();
            var title = string.Create(CultureInfo.InvariantCulture, $"HopSkipJump ({iterations} iterations{(iterations < 50 ? ", fewer than ART's 50 for speed" : string.Empty)}; one minimal-perturbation run, budget ε counts the rows it fooled within ε)");
            Curves.Add(new AttackCurve(RobustnessAttack.HopSkipJump, title, points, [.. epsilons.Select(_ => (AttackResult?)null)]) { Summary = result });
            return null;
        }

        private async Task<IReadOnlyList<Problem>?> BudgetedAsync(RobustnessAttack attack, CancellationToken cancellationToken)
        {
            var norm = options.Norm;
            var seed = options.Seed;
            var results = new Dictionary<double, AttackResult>();
            Func<double, CancellationToken, ValueTask<ValidationResult<AttackResult>>> run = attack switch
            {
                RobustnessAttack.Fgsm => (e, ct) => FastGradientAttack.RunAsync(_gradients!, input, new FastGradientOptions { Norm = norm, Epsilon = e, EpsilonStep = e, Seed = seed }, ct),
                RobustnessAttack.Pgd => (e, ct) => ProjectedGradientAttack.RunAsync(_gradients!, input, new ProjectedGradientOptions { Norm = norm, Epsilon = e, EpsilonStep = e / 4, MaxIterations = options.PgdIterations, Seed = seed }, ct),
                _ => (e, ct) => SquareAttack.RunAsync(predictor, input, new SquareOptions { Epsilon = e, Seed = seed }, ct),
            };
            var curve = await RobustnessCurve.BuildAsync(epsilons, async (e, ct) =>
            {
                var result = await run(e, ct).ConfigureAwait(false);
                if (result.IsValid)
                {
                    results[e] = result.Value!;
                }

                return result;
            }, cancellationToken).ConfigureAwait(false);
            if (!curve.IsValid)
            {
                return curve.Problems;
            }

            var title = attack switch
            {
                RobustnessAttack.Fgsm => norm == PerturbationNorm.L2 ? "FGM (L2)" : "FGSM (L-infinity)",
                RobustnessAttack.Pgd => string.Create(CultureInfo.InvariantCulture, $"PGD ({options.PgdIterations} iterations, step ε/4)"),
                _ => "Square (100 iterations)",
            };
            Curves.Add(new AttackCurve(attack, title, curve.Value!.Points, [.. curve.Value.Points.Select(p => results.GetValueOrDefault(p.Epsilon))]));
            return null;
        }
    }
}
