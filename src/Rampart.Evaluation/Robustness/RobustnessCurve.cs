using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Accuracy under attack over a grid of budgets: the points of an accuracy-versus-ε chart.</summary>
public sealed record RobustnessCurve
{
    /// <summary>The budgets used when none are given: 0, 0.05, 0.1, 0.2, 0.3, 0.5 and 1.</summary>
    public static readonly ImmutableArray<double> DefaultEpsilons = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1];

    /// <summary>The attack's name.</summary>
    public required string Attack { get; init; }

    /// <summary>The norm of the budgets.</summary>
    public required PerturbationNorm Norm { get; init; }

    /// <summary>The clean accuracy.</summary>
    public required double CleanAccuracy { get; init; }

    /// <summary>The points, by increasing budget.</summary>
    public required ImmutableArray<CurvePoint> Points { get; init; }

    /// <summary>
    /// Runs an attack at each budget of a grid. Budget 0 is the clean accuracy and does not run the attack.
    /// </summary>
    /// <param name="epsilons">The budgets (finite, at least 0; sorted and deduplicated); <c>null</c> for <see cref="DefaultEpsilons"/>.</param>
    /// <param name="attackAt">Runs the attack at one budget, for example <c>(eps, ct) =&gt; ProjectedGradientAttack.RunAsync(model, input, options with { Epsilon = eps }, ct)</c>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The curve, or the problems of the grid (<c>epsilons[i]</c>) or of the first failing attack run.</returns>
    public static async ValueTask<ValidationResult<RobustnessCurve>> BuildAsync(IReadOnlyList<double>? epsilons, Func<double, CancellationToken, ValueTask<ValidationResult<AttackResult>>> attackAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attackAt);
        epsilons ??= DefaultEpsilons;
        var problems = new List<Problem>();
        if (epsilons.Count == 0)
        {
            problems.Add(new Problem { Field = "epsilons", Message = "The grid of budgets is empty; give at least one." });
        }

        for (var i = 0; i < epsilons.Count; i++)
        {
            if (!double.IsFinite(epsilons[i]) || epsilons[i] < 0)
            {
                problems.Add(new Problem { Field = $"epsilons[{i}]", Message = $"{epsilons[i].ToString(CultureInfo.InvariantCulture)} is not a budget; give finite numbers of at least 0." });
            }
        }

        if (problems.Count > 0)
        {
            return ValidationResult<RobustnessCurve>.Failure(problems);
        }

        var grid = epsilons.Distinct().Order().ToArray();
        var points = ImmutableArray.CreateBuilder<CurvePoint>(grid.Length);
        double? clean = null;
        string? attack = null;
        PerturbationNorm? norm = null;
        foreach (var epsilon in grid.Where(e => e > 0))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await attackAt(epsilon, cancellationToken).ConfigureAwait(false);
            if (!result.IsValid)
            {
                return ValidationResult<RobustnessCurve>.Failure(result.Problems);
            }

            var value = result.Value!;
            clean ??= value.CleanAccuracy;
            attack ??= value.Attack;
            norm ??= value.Norm;
            points.Add(new CurvePoint(epsilon, value.AdversarialAccuracy, value.SuccessRate));
        }

        if (grid[0] == 0)
        {
            if (clean is null)
            {
                return ValidationResult<RobustnessCurve>.Failure([new Problem { Field = "epsilons", Message = "The grid holds only 0; give at least one positive budget (0 alone is the clean accuracy)." }]);
            }

            points.Insert(0, new CurvePoint(0, clean.Value, 0));
        }

        return ValidationResult<RobustnessCurve>.Success(new RobustnessCurve { Attack = attack!, Norm = norm!.Value, CleanAccuracy = clean!.Value, Points = points.ToImmutable() });
    }
}
