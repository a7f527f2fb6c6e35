using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Robustness;

/// <summary>
/// Validated rows to attack or corrupt: the encoded features, the true class of each row, and the projection of the
/// feature constraints. Create with <see cref="Create"/>.
/// </summary>
public sealed class RobustnessInput
{
    private RobustnessInput(FloatMatrix features, ImmutableArray<int> labels, int classCount, FeatureProjection projection)
    {
        Features = features;
        Labels = labels;
        ClassCount = classCount;
        Projection = projection;
    }

    /// <summary>The rows (a private copy), rows x features.</summary>
    public FloatMatrix Features { get; }

    /// <summary>The true class index of each row.</summary>
    public ImmutableArray<int> Labels { get; }

    /// <summary>The number of classes of the model.</summary>
    public int ClassCount { get; }

    /// <summary>The constraints every perturbation is projected onto.</summary>
    public FeatureProjection Projection { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount => Features.Rows;

    /// <summary>
    /// Validates the rows, labels and constraints against a classifier. Every problem is listed together, each naming
    /// its field: <c>model</c> (a regression model), <c>features</c> (no rows, a width other than the model's, a
    /// non-finite value, a row that breaks its own constraints), <c>labels</c> (count, a class outside the model's),
    /// <c>constraints</c> and the constraint fields of <see cref="FeatureConstraints.Compile"/>.
    /// </summary>
    /// <param name="features">Rows x features, encoded as the model takes them (copied).</param>
    /// <param name="labels">The true class index of each row (0 to classes − 1).</param>
    /// <param name="model">What the model takes and gives (<see cref="IPredictor.Info"/>).</param>
    /// <param name="constraints">The feature constraints; <c>null</c> for none.</param>
    /// <returns>The input or the problems.</returns>
    public static ValidationResult<RobustnessInput> Create(FloatMatrix features, ReadOnlySpan<int> labels, PredictorInfo model, FeatureConstraints? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<Problem>();
        if (model.Kind != PredictionKind.Classification || model.OutputCount < 2)
        {
            problems.Add(new Problem { Field = "model", Message = $"{model.Source} is a {model.Kind} model with {model.OutputCount} output(s); robustness evaluation needs a classifier giving one probability per class (at least two)." });
        }

        if (features.Rows == 0)
        {
            problems.Add(new Problem { Field = "features", Message = "There are no rows: robustness evaluation needs labelled rows." });
        }

        if (features.Columns != model.FeatureCount)
        {
            problems.Add(new Problem { Field = "features", Message = $"The rows have {features.Columns} features but the model takes {model.FeatureCount}." });
        }

        var firstBad = Array.FindIndex(features.Data, x => !float.IsFinite(x));
        if (firstBad >= 0 && features.Columns > 0)
        {
            var count = features.Data.Count(x => !float.IsFinite(x));
            problems.Add(new Problem { Field = "features", Message = $"Row index {firstBad / features.Columns}, feature {firstBad % features.Columns} holds {features.Data[firstBad]}; every value must be finite ({count} value(s) are not). Impute missing values first (the feature map does)." });
        }

        if (labels.Length != features.Rows)
        {
            problems.Add(new Problem { Field = "labels", Message = $"There are {labels.Length} labels for {features.Rows} rows; give one per row." });
        }

        var classes = Math.Max(model.OutputCount, 2);
        var badLabels = 0;
        var firstLabel = -1;
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                badLabels++;
                firstLabel = firstLabel < 0 ? i : firstLabel;
            }
        }

        if (badLabels > 0)
        {
            problems.Add(new Problem { Field = "labels", Message = $"Row index {firstLabel} holds class {labels[firstLabel]}, but classes run from 0 to {classes - 1} ({badLabels} row(s) are outside)." });
        }

        constraints ??= FeatureConstraints.None(features.Columns);
        FeatureProjection? projection = null;
        if (constraints.FeatureCount != features.Columns)
        {
            problems.Add(new Problem { Field = "constraints", Message = $"The constraints describe {constraints.FeatureCount} features but the rows have {features.Columns}." });
        }
        else
        {
            var compiled = constraints.Compile();
            problems.AddRange(compiled.Problems.Select(p => p with { Field = $"constraints.{p.Field}" }));
            projection = compiled.Value;
        }

        if (projection is not null && firstBad < 0)
        {
            CheckRows(features, projection, problems);
        }

        return problems.Count > 0
            ? ValidationResult<RobustnessInput>.Failure(problems)
            : ValidationResult<RobustnessInput>.Success(new RobustnessInput(features.Clone(), [.. labels], classes, projection!));
    }

    private static void CheckRows(FloatMatrix features, FeatureProjection projection, List<Problem> problems)
    {
        // A row that already breaks integer or one-hot constraints would be "repaired" by the projection, so an
        // attack would report a change the attacker did not make.
        var bad = 0;
        string? first = null;
        for (var r = 0; r < features.Rows; r++)
        {
            var row = features.Row(r);
            var violations = projection.Violations(row, row);
            if (violations.Length > 0)
            {
                bad++;
                first ??= $"Row index {r}: {violations[0]}";
            }
        }

        if (bad > 0)
        {
            problems.Add(new Problem { Field = "features", Message = $"{first} ({bad} row(s) break the constraints; fix the data or the constraints)." });
        }
    }
}
