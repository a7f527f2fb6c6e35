using System.Collections.Immutable;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// What an evasion attack did to each row and the summary metrics. A row is a <b>success</b> when the model's class
/// for the adversarial row differs from its class for the clean row (ART's <c>compute_success</c>, untargeted).
/// </summary>
public sealed record AttackResult
{
    /// <summary>The attack's name, for example <c>fgsm</c>, <c>pgd</c>, <c>hop-skip-jump</c>, <c>square</c>.</summary>
    public required string Attack { get; init; }

    /// <summary>The norm the perturbation is measured in.</summary>
    public required PerturbationNorm Norm { get; init; }

    /// <summary>The perturbation budget, or <c>null</c> for a minimal-perturbation attack without one (HopSkipJump).</summary>
    public double? Epsilon { get; init; }

    /// <summary>The adversarial rows (the clean row where the attack found nothing), rows x features.</summary>
    public required FloatMatrix Adversarial { get; init; }

    /// <summary>The model's class for each clean row.</summary>
    public required ImmutableArray<int> CleanPredictions { get; init; }

    /// <summary>The model's class for each adversarial row.</summary>
    public required ImmutableArray<int> AdversarialPredictions { get; init; }

    /// <summary>Whether each row's class changed.</summary>
    public required ImmutableArray<bool> Success { get; init; }

    /// <summary>‖x_adv − x‖ in <see cref="Norm"/> for each row (0 where the row was not changed).</summary>
    public required ImmutableArray<double> Distances { get; init; }

    /// <summary>Rows queried from the model for each row (through its <see cref="ML.Predictors.QueryCounter"/>).</summary>
    public required ImmutableArray<long> Queries { get; init; }

    /// <summary>The share of clean rows classified correctly.</summary>
    public required double CleanAccuracy { get; init; }

    /// <summary>The share of adversarial rows classified correctly (accuracy under attack).</summary>
    public required double AdversarialAccuracy { get; init; }

    /// <summary>The share of rows whose class changed (attack success rate).</summary>
    public required double SuccessRate { get; init; }

    /// <summary>The median of <see cref="Distances"/> over successful rows; NaN when none succeeded.</summary>
    public required double MedianPerturbation { get; init; }

    /// <summary>
    /// ART's empirical robustness: the mean over successful rows of ‖x_adv − x‖ / ‖x‖ (rows with ‖x‖ = 0 left out);
    /// NaN when no row counts.
    /// </summary>
    public required double EmpiricalRobustness { get; init; }

    /// <summary>The mean of <see cref="Queries"/>.</summary>
    public required double MeanQueries { get; init; }

    internal static AttackResult Create(string attack, PerturbationNorm norm, double? epsilon, RobustnessInput input, FloatMatrix adversarial, int[] clean, int[] predicted, long[] queries)
    {
        var rows = input.RowCount;
        var success = new bool[rows];
        var distances = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            success[r] = predicted[r] != clean[r];
            distances[r] = Vectors.Distance(adversarial.Row(r), input.Features.Row(r), norm);
        }

        return new AttackResult
        {
            Attack = attack,
            Norm = norm,
            Epsilon = epsilon,
            Adversarial = adversarial,
            CleanPredictions = [.. clean],
            AdversarialPredictions = [.. predicted],
            Success = [.. success],
            Distances = [.. distances],
            Queries = [.. queries],
            CleanAccuracy = RobustnessMetrics.Accuracy(input.Labels.AsSpan(), clean),
            AdversarialAccuracy = RobustnessMetrics.Accuracy(input.Labels.AsSpan(), predicted),
            SuccessRate = success.Count(s => s) / (double)rows,
            MedianPerturbation = RobustnessMetrics.MedianPerturbation(distances, success),
            EmpiricalRobustness = RobustnessMetrics.EmpiricalRobustness(input.Features, adversarial, success, norm),
            MeanQueries = queries.Length == 0 ? 0 : queries.Average(),
        };
    }
}
