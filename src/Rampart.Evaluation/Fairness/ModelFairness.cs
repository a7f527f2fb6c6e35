using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.ML.Data;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// Evaluates the fairness of a classifier on a labelled dataset: encodes the rows with the model's feature map,
/// predicts, maps the label and the most probable class to favourable (1) or not (0), and runs
/// <see cref="FairnessEvaluator"/> with the dataset's sensitive columns as features.
/// </summary>
public static class ModelFairness
{
    /// <summary>The field of problems about the model (its inputs, outputs or classes).</summary>
    public const string ModelField = "model";

    /// <summary>Predicts and evaluates.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The dataset, read with its label and sensitive columns (<see cref="DatasetReadOptions"/>).</param>
    /// <param name="options">The options; <c>null</c> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the prediction.</param>
    /// <returns>The result, or every problem found: a missing or numeric label, no sensitive column, a data column the
    /// model needs that is missing or of another type (named), a feature count that differs from the model's, a
    /// favourable class the label or the model does not have.</returns>
    /// <exception cref="PredictorException">When the predictor fails.</exception>
    public static async Task<ValidationResult<ModelFairnessResult>> EvaluateAsync(ModelUnderTest model, TabularDataset data, ModelFairnessOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ModelFairnessOptions();
        var problems = new List<Problem>();
        var label = data.Label;
        if (label is null)
        {
            problems.Add(new Problem { File = data.Source, Field = "label", Message = "The data has no label column; name the column holding the true class." });
        }
        else if (label.Task != LabelTask.Classification)
        {
            problems.Add(new Problem { File = data.Source, Field = label.Column, Message = $"The label '{label.Column}' is numeric (regression); fairness of a classifier needs class labels (declare the column categorical)." });
        }

        if (data.SensitiveColumns.IsEmpty)
        {
            problems.Add(new Problem { File = data.Source, Field = "sensitive_features", Message = "No sensitive column is named; name at least one (such as sex or age_band)." });
        }

        var matrix = Encode(model, data, problems);
        if (problems.Count > 0)
        {
            return ValidationResult<ModelFairnessResult>.Failure(problems);
        }

        var (favourable, chosenBy) = ChooseFavourable(label!, options.FavourableClass);
        var yTrue = BinaryOutcomes.FromLabel(label!, favourable);
        if (!yTrue.IsValid)
        {
            return ValidationResult<ModelFairnessResult>.Failure(yTrue.Problems);
        }

        var info = model.Predictor.Info;
        var classes = model.OutputClasses;
        if (info.Kind != PredictionKind.Classification || info.OutputCount < 2)
        {
            return Fail(data, $"The model '{model.Source}' gives {info.OutputCount} {(info.Kind == PredictionKind.Classification ? "output" : "regression output")}(s); fairness of a classifier needs one probability per class.");
        }

        var favourableIndex = classes.IndexOf(favourable, StringComparer.Ordinal);
        if (favourableIndex < 0)
        {
            return Fail(data, $"The model's classes ({string.Join(", ", classes)}) do not include the favourable class '{favourable}' of the label '{label!.Column}'.{Suggestions.DidYouMean(favourable, classes)}");
        }

        var probabilities = await model.Predictor.PredictAsync(matrix!, cancellationToken).ConfigureAwait(false);
        if (probabilities.Rows != data.RowCount || probabilities.Columns != classes.Length)
        {
            return Fail(data, $"The model returned {probabilities.Rows} x {probabilities.Columns} outputs for {data.RowCount} rows and {classes.Length} classes.");
        }

        var yPred = new int[data.RowCount];
        var scores = new double[data.RowCount];
        for (var r = 0; r < yPred.Length; r++)
        {
            var row = probabilities.Row(r);
            yPred[r] = ModelTraining.ArgMax(row) == favourableIndex ? 1 : 0;

            // Softmax in float can overshoot 1 by an ulp; NaN stays NaN so that the input check reports it.
            scores[r] = Math.Clamp((double)row[favourableIndex], 0, 1);
        }

        var input = FairnessInput.Create(yTrue.Value!, yPred, SensitiveFeature.FromDataset(data), scores);
        if (!input.IsValid)
        {
            return ValidationResult<ModelFairnessResult>.Failure(input.Problems);
        }

        var report = FairnessEvaluator.Evaluate(input.Value!, options.Fairness);
        if (!report.IsValid)
        {
            return ValidationResult<ModelFairnessResult>.Failure(report.Problems);
        }

        return ValidationResult<ModelFairnessResult>.Success(new ModelFairnessResult
        {
            Report = report.Value!,
            Label = label!.Column,
            FavourableClass = favourable,
            FavourableChosenBy = chosenBy,
            ModelClasses = classes,
            FeatureCount = matrix!.Columns,
        });
    }

    /// <summary>
    /// The favourable class: the one given, or else the label's most frequent class; with how it was chosen
    /// (<c>given</c> or <c>most frequent class</c>), for messages.
    /// </summary>
    /// <param name="label">A classification label.</param>
    /// <param name="given">The class the user or the manifest named, or <c>null</c>.</param>
    /// <returns>The class name and how it was chosen.</returns>
    public static (string Favourable, string ChosenBy) ChooseFavourable(LabelVector label, string? given) =>
        given is not null ? (given, "given") : (MostFrequent(label), "most frequent class");

    /// <summary>The label's most frequent class (ties: the first in class order).</summary>
    /// <param name="label">A classification label.</param>
    /// <returns>The class name.</returns>
    public static string MostFrequent(LabelVector label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var counts = label.ClassCounts();
        var best = 0;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[best])
            {
                best = k;
            }
        }

        return label.ClassNames[best];
    }

    /// <summary>
    /// The feature map that turns <paramref name="data"/> into <paramref name="model"/>'s inputs: the map the model
    /// carries, or for a model Rampart did not train a map of the data's numeric and boolean columns in order (the
    /// label and the sensitive columns left out). Problems name the column or the <c>model</c> field.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="problems">Where problems are added.</param>
    /// <returns>The map, or <c>null</c> when the data cannot feed the model.</returns>
    public static FeatureMap? ResolveFeatureMap(ModelUnderTest model, TabularDataset data, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(problems);
        var map = model.FeatureMap;
        var expected = model.Predictor.Info.FeatureCount;
        if (map is null)
        {
            // A model Rampart did not train: its inputs are the data's numeric columns, in order.
            var label = data.Label?.Column;
            var used = data.Columns.Where(c => c.Name != label && !data.SensitiveColumns.Contains(c.Name, StringComparer.Ordinal)).ToList();
            var nonNumeric = used.Where(c => c.Type is not (ColumnType.Numeric or ColumnType.Boolean)).Select(c => c.Name).ToList();
            if (nonNumeric.Count > 0)
            {
                problems.Add(new Problem
                {
                    File = data.Source,
                    Field = nonNumeric[0],
                    Message = $"The model '{model.Source}' has no Rampart feature map, so its inputs are taken to be the data's columns in order and each must be numeric (or boolean); {Quote(nonNumeric)} {(nonNumeric.Count == 1 ? "is" : "are")} not.",
                });
                return null;
            }

            var fitted = FeatureMap.Fit(data, new FeatureMapOptions { Exclude = label is null ? [] : [label] });
            if (!fitted.IsValid)
            {
                problems.AddRange(fitted.Problems);
                return null;
            }

            map = fitted.Value!;
            if (map.FeatureCount != expected)
            {
                problems.Add(new Problem
                {
                    File = data.Source,
                    Field = ModelField,
                    Message = $"The data gives {map.FeatureCount} feature(s) ({Quote(map.Columns.Select(c => c.Name))}); the model '{model.Source}' takes {expected}.",
                });
                return null;
            }
        }
        else if (map.FeatureCount != expected)
        {
            problems.Add(new Problem
            {
                File = data.Source,
                Field = ModelField,
                Message = $"The model's feature map gives {map.FeatureCount} feature(s) but the model '{model.Source}' takes {expected}; the map does not belong to this model.",
            });
            return null;
        }

        return map;
    }

    /// <summary>The data as the model's inputs: <see cref="ResolveFeatureMap"/>, then the map's encoding of every row.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="problems">Where problems are added, naming the column or the <c>model</c> field.</param>
    /// <returns>One input row per data row, or <c>null</c> with problems.</returns>
    public static FloatMatrix? Encode(ModelUnderTest model, TabularDataset data, List<Problem> problems)
    {
        var map = ResolveFeatureMap(model, data, problems);
        if (map is null)
        {
            return null;
        }

        var encoded = map.Encode(data);
        if (!encoded.IsValid)
        {
            problems.AddRange(encoded.Problems);
            return null;
        }

        return encoded.Value;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static ValidationResult<ModelFairnessResult> Fail(TabularDataset data, string message) =>
        ValidationResult<ModelFairnessResult>.Failure([new Problem { File = data.Source, Field = ModelField, Message = message }]);
}
