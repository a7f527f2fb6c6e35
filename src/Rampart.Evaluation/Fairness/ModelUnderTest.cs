using System.Collections.Immutable;
using Rampart.Diagnostics;
using Rampart.ML.Data;
using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Training;

namespace Rampart.Evaluation.Fairness;

/// <summary>
/// A model to evaluate: its predictor, the feature map that turns a CSV's columns into its inputs (when the model
/// carries one, as models trained by Rampart do), its class names and the label it was trained on.
/// </summary>
public sealed class ModelUnderTest
{
    /// <summary>The ONNX metadata key holding the class names, comma-separated, in output order.</summary>
    public const string ClassLabelsKey = "rampart.class_labels";

    /// <summary>The ONNX metadata key holding the label column the model was trained on.</summary>
    public const string LabelKey = "rampart.label";

    private ModelUnderTest(IPredictor predictor, FeatureMap? featureMap, ImmutableArray<string> classes, string? trainedLabel, string source)
    {
        Predictor = predictor;
        FeatureMap = featureMap;
        Classes = classes;
        TrainedLabel = trainedLabel;
        Source = source;
    }

    /// <summary>The predictor.</summary>
    public IPredictor Predictor { get; }

    /// <summary>How CSV columns become the model's inputs; <c>null</c> when the model has none (its inputs are then the data's numeric columns, in order).</summary>
    public FeatureMap? FeatureMap { get; }

    /// <summary>The class name of each output, in order; empty when the model names none (outputs are then named by index).</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>The label column the model was trained on, from its metadata; <c>null</c> when unknown.</summary>
    public string? TrainedLabel { get; }

    /// <summary>Where the model came from (a path or URL), for messages.</summary>
    public string Source { get; }

    /// <summary>The columns the model's feature map left out because they were sensitive; empty without a feature map.</summary>
    public ImmutableArray<string> SensitiveColumns => FeatureMap is null
        ? []
        : [.. FeatureMap.Excluded.Where(e => e.Reason == "sensitive").Select(e => e.Name)];

    /// <summary>The class name of each output: <see cref="Classes"/>, or the output indexes 0, 1, … when the model names none.</summary>
    public ImmutableArray<string> OutputClasses => Classes.IsEmpty
        ? [.. Enumerable.Range(0, Predictor.Info.OutputCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
        : Classes;

    /// <summary>
    /// Each row's label as the index of its class among the model's outputs (<see cref="OutputClasses"/>): what attacks
    /// and accuracy compare predictions with. Problems name the label column.
    /// </summary>
    /// <param name="data">The dataset, with a class label.</param>
    /// <param name="problems">Where problems are added: no label, a numeric label, or classes the model does not have.</param>
    /// <returns>One output index per row, or <c>null</c> with problems.</returns>
    public int[]? ClassIndexes(TabularDataset data, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(problems);
        var label = data.Label;
        if (label is null || label.Task != LabelTask.Classification)
        {
            problems.Add(new Problem { File = data.Source, Field = label?.Column ?? "label", Message = label is null ? "The data has no label column; name the column holding the true class." : $"The label '{label.Column}' is numeric (regression); this evaluation of a classifier needs class labels." });
            return null;
        }

        var classes = OutputClasses;
        var toModel = label.ClassNames.Select(n => classes.IndexOf(n, StringComparer.Ordinal)).ToArray();
        var missing = label.ClassNames.Where((_, k) => toModel[k] < 0).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new Problem { File = data.Source, Field = label.Column, Message = $"The label holds class(es) {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model's classes ({string.Join(", ", classes)}) do not include." });
            return null;
        }

        var indexes = new int[label.RowCount];
        var codes = label.ClassIndices;
        for (var r = 0; r < indexes.Length; r++)
        {
            indexes[r] = toModel[codes[r]];
        }

        return indexes;
    }

    /// <summary>
    /// The target each row's prediction is scored against: the output index of its class (<see cref="ClassIndexes"/>) for a
    /// classifier, the numeric label for a regressor. What permutation importance compares predictions with.
    /// </summary>
    /// <param name="data">The dataset, with a label.</param>
    /// <param name="problems">Where problems are added, naming the label column.</param>
    /// <returns>One target per row, or <c>null</c> with problems.</returns>
    public double[]? Targets(TabularDataset data, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(problems);
        if (Predictor.Info.Kind == PredictionKind.Classification)
        {
            return ClassIndexes(data, problems)?.Select(i => (double)i).ToArray();
        }

        var label = data.Label;
        if (label is null || label.Task != LabelTask.Regression)
        {
            problems.Add(new Problem { File = data.Source, Field = label?.Column ?? "label", Message = label is null ? "The data has no label column; name the column holding the target." : $"The model '{Source}' is a regressor but the label '{label.Column}' holds classes." });
            return null;
        }

        var values = label.Values;
        var targets = new double[values.Length];
        for (var r = 0; r < targets.Length; r++)
        {
            targets[r] = values[r];
        }

        return targets;
    }

    /// <summary>Loads an ONNX file and reads its Rampart metadata (feature map, class names, label).</summary>
    /// <param name="path">The ONNX file.</param>
    /// <param name="source">How messages name the model (such as the path relative to the manifest); <c>null</c> for <paramref name="path"/>.</param>
    /// <returns>The model, or the problems (under <c>model</c>: unreadable or unsupported file, invalid feature map).</returns>
    public static ValidationResult<ModelUnderTest> LoadOnnx(string path, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        source ??= path;
        OnnxPredictor onnx;
        try
        {
            onnx = OnnxPredictor.Load(path);
        }
        catch (OnnxFormatException ex)
        {
            return ValidationResult<ModelUnderTest>.Failure([new Problem { File = source, Field = "model", Message = ex.Message }]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidationResult<ModelUnderTest>.Failure([new Problem { File = source, Field = "model", Message = $"The model cannot be read: {ex.Message}" }]);
        }

        return FromOnnx(onnx, source);
    }

    /// <summary>Wraps a loaded ONNX model, reading its Rampart metadata.</summary>
    /// <param name="onnx">The model.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The model, or the problems with its feature map.</returns>
    public static ValidationResult<ModelUnderTest> FromOnnx(OnnxPredictor onnx, string source)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(source);
        FeatureMap? map = null;
        if (onnx.Model.Metadata.TryGetValue(ModelTraining.FeatureMapKey, out var json))
        {
            var parsed = FeatureMap.FromJson(json, source);
            if (!parsed.IsValid)
            {
                return ValidationResult<ModelUnderTest>.Failure(parsed.Problems);
            }

            map = parsed.Value;
        }

        onnx.Model.Metadata.TryGetValue(LabelKey, out var label);
        ImmutableArray<string> classes = onnx.Model.Metadata.TryGetValue(ClassLabelsKey, out var names) && names.Split(',') is { } split && split.Length == onnx.Info.OutputCount
            ? [.. split]
            : onnx.Info.ClassLabels;
        return ValidationResult<ModelUnderTest>.Success(new ModelUnderTest(onnx, map, classes.IsDefault ? [] : classes, label, source));
    }

    /// <summary>Wraps any predictor (a served model, say) without a feature map: its inputs are the data's numeric columns.</summary>
    /// <param name="predictor">The predictor.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The model.</returns>
    public static ModelUnderTest FromPredictor(IPredictor predictor, string source)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(source);
        return new ModelUnderTest(predictor, null, predictor.Info.ClassLabels.IsDefault ? [] : predictor.Info.ClassLabels, null, source);
    }
}
