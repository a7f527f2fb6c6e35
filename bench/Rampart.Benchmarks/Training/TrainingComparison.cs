using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rampart.ML.Data;
using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Benchmarks.Training;

/// <summary>
/// Trains the three built-in models on the credit-scoring example (train file -> test file, the same encoded
/// features for every tool), reports training time (median of 3) and test accuracy, and writes the encoded
/// matrices so that <c>sklearn_peer.py</c> can train scikit-learn's equivalents on exactly the same numbers.
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- compare-training [OUTDIR]
/// </summary>
internal static class TrainingComparison
{
    public static async Task<int> RunAsync(string outDir)
    {
        var root = FindRoot();
        var data = Path.Combine(root, "examples", "credit-scoring", "data");
        var options = new DatasetReadOptions { Label = "default", Sensitive = ["sex", "age_band"] };
        var train = (await TabularDatasetReader.ReadAsync(Path.Combine(data, "credit-train.csv"), options, CancellationToken.None)).Value!;
        var test = (await TabularDatasetReader.ReadAsync(Path.Combine(data, "credit-test.csv"), options, CancellationToken.None)).Value!;
        Directory.CreateDirectory(outDir);

        Console.WriteLine("model,tool,train_seconds_median_of_3,test_accuracy");
        foreach (var kind in new[] { ModelKind.LogisticRegression, ModelKind.Mlp, ModelKind.Gbdt })
        {
            var map = FeatureMap.Fit(train, new FeatureMapOptions { Standardize = kind != ModelKind.Gbdt, UnknownCategories = UnknownCategoryPolicy.AllZeros }).Value!;
            var xTrain = map.Encode(train).Value!;
            var xTest = map.Encode(test).Value!;
            var yTrain = train.Label!.ClassIndices.ToArray().Select(i => (float)i).ToArray();
            var yTest = test.Label!.ClassIndices.ToArray().Select(i => (float)i).ToArray();
            var name = kind.ToString().ToLowerInvariant();
            Write(Path.Combine(outDir, $"{name}_train.csv"), xTrain, yTrain);
            Write(Path.Combine(outDir, $"{name}_test.csv"), xTest, yTest);

            var set = new TrainingSet(xTrain, yTrain, 2);
            var times = new List<double>();
            FloatMatrix? predictions = null;
            for (var run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                Func<FloatMatrix, FloatMatrix> predict = kind switch
                {
                    ModelKind.LogisticRegression => LogisticRegressionTrainer.Fit(set).Predict,
                    ModelKind.Mlp => MlpTrainer.Fit(set, new MlpOptions { Seed = 0 }).Predict,
                    _ => GbdtTrainer.Fit(set, new GbdtOptions { Seed = 0 }).Predict,
                };
                times.Add(watch.Elapsed.TotalSeconds);
                predictions = predict(xTest);
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name},rampart,{times[1]:0.000},{ModelTraining.Accuracy(predictions!, yTest):0.0000}"));
        }

        Console.WriteLine($"encoded matrices written to {outDir}; now run: /usr/bin/python3 bench/Rampart.Benchmarks/Training/sklearn_peer.py {outDir}");
        return 0;
    }

    private static void Write(string path, FloatMatrix x, float[] y)
    {
        var sb = new StringBuilder();
        for (var r = 0; r < x.Rows; r++)
        {
            foreach (var v in x.Row(r))
            {
                sb.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            sb.Append(y[r].ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}
