using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.ML.Data;
using Rampart.ML.Tensors;

namespace Rampart.ML.Training;

/// <summary>The built-in model families.</summary>
public enum ModelKind
{
    /// <summary>L2 logistic regression.</summary>
    LogisticRegression,

    /// <summary>Multilayer perceptron.</summary>
    Mlp,

    /// <summary>Gradient-boosted trees.</summary>
    Gbdt,
}

/// <summary>What <see cref="ModelTraining.TrainAsync"/> should do.</summary>
public sealed record TrainRequest
{
    /// <summary>The CSV file.</summary>
    public required string DataPath { get; init; }

    /// <summary>The label column (classification).</summary>
    public required string Label { get; init; }

    /// <summary>Sensitive columns: read and kept out of the features unless <see cref="IncludeSensitive"/>.</summary>
    public ImmutableArray<string> Sensitive { get; init; } = [];

    /// <summary>Use sensitive columns as features. Default false.</summary>
    public bool IncludeSensitive { get; init; }

    /// <summary>The model family.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>Seed for the split and the trainer. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of rows held out (stratified) to measure accuracy. Default 0.2; 0 trains on everything.</summary>
    public double TestFraction { get; init; } = 0.2;
}

/// <summary>A trained and exported model with how it was made and how well it does.</summary>
public sealed record TrainOutcome
{
    /// <summary>The ONNX model; its metadata holds the feature map, label, classes, seed and dataset hash.</summary>
#pragma warning disable CA1819 // The serialized model is bytes by nature.
    public required byte[] Onnx { get; init; }
#pragma warning restore CA1819

    /// <summary>The fitted feature map.</summary>
    public required FeatureMap FeatureMap { get; init; }

    /// <summary>Class names in output order.</summary>
    public required ImmutableArray<string> Classes { get; init; }

    /// <summary>Rows trained on.</summary>
    public required int TrainRows { get; init; }

    /// <summary>Rows held out.</summary>
    public required int TestRows { get; init; }

    /// <summary>Accuracy on the training rows.</summary>
    public required double TrainAccuracy { get; init; }

    /// <summary>Accuracy on the held-out rows (NaN when none were held out).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>SHA-256 of the CSV file.</summary>
    public required string DatasetSha256 { get; init; }
}

/// <summary>The whole training path: CSV to dataset, stratified split, feature map, trainer, ONNX with provenance metadata.</summary>
public static class ModelTraining
{
    /// <summary>Metadata key holding the feature map JSON.</summary>
    public const string FeatureMapKey = "rampart.feature_map";

    /// <summary>Trains and exports a model.</summary>
    /// <param name="request">What to train.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The outcome, or every problem (file, columns, label type).</returns>
    public static async Task<ValidationResult<TrainOutcome>> TrainAsync(TrainRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = await TabularDatasetReader.ReadAsync(request.DataPath, new DatasetReadOptions { Label = request.Label, Sensitive = request.Sensitive }, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return ValidationResult<TrainOutcome>.Failure(read.Problems);
        }

        var data = read.Value!;
        var label = data.Label!;
        if (label.Task != LabelTask.Classification)
        {
            return Fail(request.DataPath, $"The label column '{request.Label}' is numeric; the built-in trainers are classifiers (the label needs a few distinct classes).");
        }

        var classes = label.ClassNames;
        if (classes.Length < 2)
        {
            return Fail(request.DataPath, $"The label column '{request.Label}' has only one class.");
        }

        var split = request.TestFraction > 0
            ? DatasetSplits.StratifiedTrainTest(label.ClassIndices, request.TestFraction, request.Seed)
            : new SplitIndices([.. Enumerable.Range(0, data.RowCount)], []);
        var train = data.SelectRows(split.Train.AsSpan());
        var test = data.SelectRows(split.Test.AsSpan());

        var mapOptions = new FeatureMapOptions
        {
            IncludeSensitive = request.IncludeSensitive,
            Standardize = request.Kind != ModelKind.Gbdt,
            UnknownCategories = UnknownCategoryPolicy.AllZeros,
        };
        var fitted = FeatureMap.Fit(train, mapOptions);
        if (!fitted.IsValid)
        {
            return ValidationResult<TrainOutcome>.Failure(fitted.Problems);
        }

        var map = fitted.Value!;
        var xTrain = map.Encode(train);
        var xTest = map.Encode(test);
        if (!xTrain.IsValid || !xTest.IsValid)
        {
            return ValidationResult<TrainOutcome>.Failure([.. xTrain.Problems, .. xTest.Problems]);
        }

        var yTrain = Labels(train);
        var set = new TrainingSet(xTrain.Value!, yTrain, classes.Length);
        var metadata = new Dictionary<string, string>
        {
            [FeatureMapKey] = map.ToJson(),
            ["rampart.label"] = request.Label,
            ["rampart.trainer"] = request.Kind.ToString(),
            ["rampart.seed"] = request.Seed.ToString(CultureInfo.InvariantCulture),
            ["rampart.dataset_sha256"] = data.Sha256 ?? string.Empty,
            ["rampart.train_rows"] = train.RowCount.ToString(CultureInfo.InvariantCulture),
        };

        Func<FloatMatrix, FloatMatrix> predict;
        Func<byte[]> export;
        switch (request.Kind)
        {
            case ModelKind.LogisticRegression:
                var linear = LogisticRegressionTrainer.Fit(set, null, classes, cancellationToken);
                predict = linear.Predict;
                export = () => OnnxExport.ToOnnx(linear, metadata);
                break;
            case ModelKind.Mlp:
                var mlp = MlpTrainer.Fit(set, new MlpOptions { Seed = request.Seed }, classes, cancellationToken);
                predict = mlp.Predict;
                export = () => OnnxExport.ToOnnx(mlp, metadata);
                break;
            default:
                var gbdt = GbdtTrainer.Fit(set, new GbdtOptions { Seed = request.Seed }, classes, cancellationToken);
                predict = gbdt.Predict;
                export = () => OnnxExport.ToOnnx(gbdt, metadata);
                break;
        }

        var trainAccuracy = Accuracy(predict(xTrain.Value!), yTrain);
        var testAccuracy = test.RowCount == 0 ? double.NaN : Accuracy(predict(xTest.Value!), Labels(test));
        metadata["rampart.test_accuracy"] = testAccuracy.ToString("0.####", CultureInfo.InvariantCulture);
        return ValidationResult<TrainOutcome>.Success(new TrainOutcome
        {
            Onnx = export(),
            FeatureMap = map,
            Classes = classes,
            TrainRows = train.RowCount,
            TestRows = test.RowCount,
            TrainAccuracy = trainAccuracy,
            TestAccuracy = testAccuracy,
            DatasetSha256 = data.Sha256 ?? string.Empty,
        });
    }

    /// <summary>Accuracy of probabilities against class indices (ties go to the lower class).</summary>
    /// <param name="probabilities">Rows x classes.</param>
    /// <param name="labels">Class index per row.</param>
    /// <returns>The share of rows whose most probable class is the label.</returns>
    public static double Accuracy(FloatMatrix probabilities, ReadOnlySpan<float> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Rows == 0)
        {
            return double.NaN;
        }

        var correct = 0;
        for (var r = 0; r < probabilities.Rows; r++)
        {
            correct += ArgMax(probabilities.Row(r)) == (int)labels[r] ? 1 : 0;
        }

        return (double)correct / probabilities.Rows;
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    /// <param name="values">The values.</param>
    /// <returns>The index.</returns>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }

    private static float[] Labels(TabularDataset data) => [.. data.Label!.ClassIndices.ToArray().Select(i => (float)i)];

    private static ValidationResult<TrainOutcome> Fail(string file, string message) =>
        ValidationResult<TrainOutcome>.Failure([new Problem { File = file, Message = message }]);
}
