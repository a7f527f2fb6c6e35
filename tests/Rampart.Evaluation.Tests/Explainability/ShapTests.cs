using Rampart.Evaluation.Explainability;
using Rampart.ML.Tensors;
using Rampart.ML.Training;
using static Rampart.Evaluation.Tests.Explainability.ExplainFixtures;

namespace Rampart.Evaluation.Tests.Explainability;

public sealed class ShapTests
{
    private static readonly double[] LinearWeights = [1.5, -2.0, 0.25, 3.0, -0.75];
    private const double LinearBias = 0.5;

    private static double Linear(float[] x)
    {
        var sum = LinearBias;
        for (var i = 0; i < x.Length; i++)
        {
            sum += LinearWeights[i % LinearWeights.Length] * x[i];
        }

        return sum;
    }

    [Fact]
    public void LinearShap_E9_PhiIsWeightTimesDeviationFromBackgroundMean()
    {
        var background = Random(7, 5, seed: 1);
        var rows = Random(4, 5, seed: 2);
        var result = LinearShap.Explain(LinearWeights, LinearBias, background, rows);
        for (var r = 0; r < rows.Rows; r++)
        {
            for (var i = 0; i < 5; i++)
            {
                double mean = 0;
                for (var b = 0; b < background.Rows; b++)
                {
                    mean += background[b, i];
                }

                mean /= background.Rows;
                Assert.Equal(LinearWeights[i] * (rows[r, i] - mean), result.Rows[r].Contributions[i], 1e-9);
            }

            Assert.Equal(Linear(rows.Row(r).ToArray()), result.Rows[r].Prediction, 1e-12);
        }

        AssertEfficient(result, 1e-9);
        Assert.True(result.Exact);
    }

    [Fact]
    public async Task KernelShap_E9_LinearModelMatchesClosedForm()
    {
        var background = Random(6, 5, seed: 3);
        var rows = Random(5, 5, seed: 4);
        var kernel = await KernelShap.ExplainAsync(Function(5, Linear), background, rows);
        var linear = LinearShap.Explain(LinearWeights, LinearBias, background, rows);
        AssertClose(linear, kernel, 1e-9);
        Assert.True(kernel.Exact);
        Assert.Equal(30, kernel.Coalitions);
    }

    [Fact]
    public async Task KernelShap_E10_ProductWithZeroBackground_SplitsSymmetrically()
    {
        var f = Function(2, x => x[0] * x[1]);
        var result = await KernelShap.ExplainAsync(f, Matrix(new double[,] { { 0, 0 } }), Matrix(new double[,] { { 1, 1 } }));
        Assert.Equal(0.5, result.Rows[0].Contributions[0], 1e-12);
        Assert.Equal(0.5, result.Rows[0].Contributions[1], 1e-12);
        Assert.Equal(0.0, result.BaseValue, 1e-12);
    }

    [Fact]
    public async Task KernelShap_E10_ProductWithTwoBackgroundRows_GivesQuarters()
    {
        var f = Function(2, x => x[0] * x[1]);
        var result = await KernelShap.ExplainAsync(f, Matrix(new double[,] { { 0, 0 }, { 1, 1 } }), Matrix(new double[,] { { 1, 1 } }));
        Assert.Equal(0.5, result.BaseValue, 1e-12);
        Assert.Equal(0.25, result.Rows[0].Contributions[0], 1e-12);
        Assert.Equal(0.25, result.Rows[0].Contributions[1], 1e-12);
    }

    public static TheoryData<int, string> NonlinearCases => new()
    {
        { 3, "product" },
        { 4, "max" },
        { 5, "mixed" },
        { 6, "product" },
        { 6, "mixed" },
    };

    private static double Nonlinear(string kind, float[] x) => kind switch
    {
        "product" => x.Aggregate(1.0, (p, v) => p * v),
        "max" => x.Max(),
        _ => (x[0] * x[1]) + Math.Max(x[2], x[3] * x[^1]) + Math.Sin(x[1] * x[2]) + (x[0] > 0.5 ? 2 : 0),
    };

    [Theory]
    [MemberData(nameof(NonlinearCases))]
    public async Task KernelShap_NonlinearUpToSixFeatures_MatchesBruteForce(int features, string kind)
    {
        var background = Random(5, features, seed: features);
        var rows = Random(4, features, seed: 100 + features);
        var f = Function(features, x => Nonlinear(kind, x));
        var exact = await BruteForceShapley.ExplainAsync(f, background, rows);
        var kernel = await KernelShap.ExplainAsync(f, background, rows);
        AssertClose(exact, kernel, 1e-8);
        AssertEfficient(exact, 1e-9);
        AssertEfficient(kernel, 1e-9);
    }

    [Fact]
    public async Task KernelShap_ElevenFeatures_EnumeratesEveryCoalition()
    {
        var f = Function(11, x => (x[0] * x[10]) + Math.Max(x[3], x[7]) + x[5]);
        var background = Random(3, 11, seed: 8);
        var rows = Random(2, 11, seed: 9);
        var kernel = await KernelShap.ExplainAsync(f, background, rows);
        var exact = await BruteForceShapley.ExplainAsync(f, background, rows);
        Assert.True(kernel.Exact);
        Assert.Equal(2046, kernel.Coalitions);
        AssertClose(exact, kernel, 1e-8);

        // Model rows: the background once, then per row f(x) and background x coalitions.
        Assert.Equal(3 + (2 * (1 + (3 * 2046))), kernel.ModelEvaluations);
    }

    [Fact]
    public async Task KernelShap_TwelveFeatures_SamplesAndStaysEfficient()
    {
        var f = Function(12, x => (x[0] * x[1]) + Math.Max(x[2], x[3]) + x[11]);
        var background = Random(4, 12, seed: 10);
        var rows = Random(3, 12, seed: 11);
        var sampled = await KernelShap.ExplainAsync(f, background, rows);
        Assert.False(sampled.Exact);
        Assert.Equal((2 * 12) + 2048, sampled.Coalitions);
        AssertEfficient(sampled, 1e-9);

        // The budget fills sizes 1 to 4 and their complements completely (2 x (12 + 66 + 220 + 495) = 1586 coalitions).
        var exact = await BruteForceShapley.ExplainAsync(f, background, rows);
        AssertClose(exact, sampled, 0.05);
    }

    [Fact]
    public async Task KernelShap_SampledLinearModel_IsStillExact()
    {
        // An additive model is fitted perfectly by any full-rank set of coalitions.
        var background = Random(5, 15, seed: 12);
        var rows = Random(3, 15, seed: 13);
        var kernel = await KernelShap.ExplainAsync(Function(15, Linear), background, rows, new KernelShapOptions { Samples = 300, Seed = 5 });
        var weights = Enumerable.Range(0, 15).Select(i => LinearWeights[i % 5]).ToArray();
        var linear = LinearShap.Explain(weights, LinearBias, background, rows);
        Assert.False(kernel.Exact);
        AssertClose(linear, kernel, 1e-9);
    }

    [Fact]
    public async Task KernelShap_SameSeed_SameValues_OtherSeed_Differs()
    {
        var f = Function(13, x => x[0] * x[1] * x[2] + Math.Max(x[3], x[12]));
        var background = Random(3, 13, seed: 14);
        var rows = Random(2, 13, seed: 15);
        var options = new KernelShapOptions { Samples = 200, Seed = 1 };
        var a = await KernelShap.ExplainAsync(f, background, rows, options);
        var b = await KernelShap.ExplainAsync(f, background, rows, options);
        var c = await KernelShap.ExplainAsync(f, background, rows, options with { Seed = 2 });
        AssertClose(a, b, 0);
        Assert.NotEqual(a.Rows[0].Contributions.ToArray(), c.Rows[0].Contributions.ToArray());
    }

    [Fact]
    public async Task KernelShap_SmallBatchesOrParallelRows_GiveTheSameValues()
    {
        var f = Function(4, x => x[0] * x[1] + x[2] * x[3]);
        var background = Random(5, 4, seed: 16);
        var rows = Random(6, 4, seed: 17);
        var a = await KernelShap.ExplainAsync(f, background, rows);
        var b = await KernelShap.ExplainAsync(f, background, rows, new KernelShapOptions { MaxBatchRows = 1 });
        var c = await KernelShap.ExplainAsync(f, background, rows, new KernelShapOptions { Parallelism = 3 });
        AssertClose(a, b, 1e-12);
        AssertClose(a, c, 0);
        Assert.Equal(a.ModelEvaluations, c.ModelEvaluations);
    }

    [Fact]
    public async Task KernelShap_OneFeature_TakesTheWholeDifference()
    {
        var f = Function(1, x => x[0] * x[0]);
        var result = await KernelShap.ExplainAsync(f, Matrix(new double[,] { { 1 }, { 3 } }), Matrix(new double[,] { { 2 } }));
        Assert.Equal(4 - 5.0, result.Rows[0].Contributions[0], 1e-12);
    }

    [Fact]
    public async Task KernelShap_NoRowsToExplain_ReturnsEmpty()
    {
        var result = await KernelShap.ExplainAsync(Function(3, x => x[0]), Random(2, 3, 1), new FloatMatrix(0, 3));
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task KernelShap_HostileInputs_ErrorsNameTheArgument()
    {
        var f = Function(3, x => x[0]);
        var good = Random(2, 3, 1);
        var nan = Random(2, 3, 1);
        nan[1, 2] = float.NaN;

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => KernelShap.ExplainAsync(f, new FloatMatrix(0, 3), good));
        Assert.Equal("background", empty.ParamName);
        var width = await Assert.ThrowsAsync<ArgumentException>(() => KernelShap.ExplainAsync(f, good, Random(2, 4, 1)));
        Assert.Equal("rows", width.ParamName);
        Assert.Contains("4 columns", width.Message, StringComparison.Ordinal);
        var notANumber = await Assert.ThrowsAsync<ArgumentException>(() => KernelShap.ExplainAsync(f, good, nan));
        Assert.Contains("rows[1, 2] is NaN", notANumber.Message, StringComparison.Ordinal);
        var names = await Assert.ThrowsAsync<ArgumentException>(() => KernelShap.ExplainAsync(f, good, good, featureNames: ["a"]));
        Assert.Equal("featureNames", names.ParamName);
        var samples = await Assert.ThrowsAsync<ArgumentException>(() => KernelShap.ExplainAsync(f, good, good, new KernelShapOptions { Samples = 0 }));
        Assert.Contains("options.Samples", samples.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KernelShap_BudgetTooSmallForTheFeatures_SaysToRaiseIt()
    {
        var f = Function(13, x => x[0] * x[1]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KernelShap.ExplainAsync(f, Random(2, 13, 1), Random(1, 13, 2), new KernelShapOptions { Samples = 4 }));
        Assert.Contains("KernelShapOptions.Samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KernelShap_Cancelled_Throws()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => KernelShap.ExplainAsync(Function(3, x => x[0]), Random(2, 3, 1), Random(2, 3, 2), cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task KernelShap_ModelReturnsNaN_SaysSo()
    {
        var f = Function(2, x => x[0] > 1 ? double.NaN : x[0]);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => KernelShap.ExplainAsync(f, Matrix(new double[,] { { 0, 0 } }), Matrix(new double[,] { { 2, 0 } })));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BruteForceShapley_TooManyFeatures_Refuses()
    {
        var f = Function(17, x => x[0]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => BruteForceShapley.ExplainAsync(f, Random(1, 17, 1), Random(1, 17, 2)));
        Assert.Equal("model", error.ParamName);
    }

    [Fact]
    public void LinearShap_TrainedLogisticModel_ExplainsTheLogOdds()
    {
        var x = Random(200, 3, seed: 30);
        var labels = Enumerable.Range(0, 200).Select(r => x[r, 0] - (2 * x[r, 1]) > 0 ? 1f : 0f).ToArray();
        var model = LogisticRegressionTrainer.Fit(new TrainingSet(x, labels, 2));
        var background = Random(10, 3, seed: 31);
        var rows = Random(5, 3, seed: 32);
        var result = LinearShap.Explain(model, background, rows);
        var probabilities = model.Predict(rows);
        for (var r = 0; r < rows.Rows; r++)
        {
            var p = probabilities[r, 1];
            Assert.Equal(Math.Log(p / (1 - p)), result.Rows[r].Prediction, 1e-3);
        }

        AssertEfficient(result, 1e-9);
        var negated = LinearShap.Explain(model, background, rows, classIndex: 0);
        Assert.Equal(-result.Rows[0].Contributions[1], negated.Rows[0].Contributions[1], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearShap.Explain(model, background, rows, classIndex: 2));
    }

    [Fact]
    public void LinearShap_HostileInputs_ErrorsNameTheArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => LinearShap.Explain([1.0, double.NaN], 0, Random(2, 2, 1), Random(2, 2, 1)));
        Assert.Contains("weights[1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LinearShap.Explain([1.0, 2.0], 0, Random(2, 3, 1), Random(2, 2, 1)));
    }
}
