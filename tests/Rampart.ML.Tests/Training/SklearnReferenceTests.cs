using Rampart.ML.Tensors;
using Rampart.ML.Training;

namespace Rampart.Tests.ML.Training;

/// <summary>
/// Logistic regression against scikit-learn 1.2 (Debian python3-sklearn) on the same tiny data: the numbers come
/// from TestData/sklearn_reference.py. Rampart minimises the same objective, so coefficients agree to 1e-4.
/// </summary>
public sealed class SklearnReferenceTests
{
    private static readonly FloatMatrix X = new(10, 2,
    [
        0.5f, 1.0f, 1.5f, -0.5f, -1.0f, 0.3f, 2.0f, 2.0f, -0.7f, -1.2f,
        0.1f, 0.4f, 1.1f, 0.9f, -1.5f, 0.8f, 0.9f, -1.1f, -0.2f, -0.3f,
    ]);

    [Theory]
    [InlineData(1.0, 1.61721483543772, 0.22778314542076702, -0.9729671648944505)]
    [InlineData(0.1, 0.391676707333102, 0.09812348881139986, -0.5744426881258236)]
    public void Binary_WeightedSamples_MatchesScikitLearn(double c, double w0, double w1, double b)
    {
        var data = new TrainingSet(X, [1, 1, 0, 1, 0, 0, 1, 0, 1, 0], 2, [1, 1, 1, 1, 1, 2, 1, 1, 1, 3]);
        var model = LogisticRegressionTrainer.Fit(data, new LogisticRegressionOptions { C = c, Tolerance = 1e-9 });
        Assert.Equal(w0, model.Weights[0][0], 4);
        Assert.Equal(w1, model.Weights[0][1], 4);
        Assert.Equal(b, model.Bias[0], 4);
    }

    [Fact]
    public void Multinomial_MatchesScikitLearnProbabilities()
    {
        var data = new TrainingSet(X, [0, 1, 2, 1, 0, 2, 1, 2, 0, 0], 3);
        var model = LogisticRegressionTrainer.Fit(data, new LogisticRegressionOptions { Tolerance = 1e-9 });
        var p = model.Predict(X.SelectRows([0]));
        Assert.Equal(0.29948281482647887, p[0, 0], 4);
        Assert.Equal(0.36397184819112327, p[0, 1], 4);
        Assert.Equal(0.3365453369823978, p[0, 2], 4);

        // scikit-learn's multinomial coefficients are identified up to a per-feature shift; compare differences.
        Assert.Equal(1.073066941795009 - -0.13006978762362556, model.Weights[1][0] - model.Weights[0][0], 3);
        Assert.Equal(0.40660084589615736 - -0.6138175118944613, model.Weights[2][1] - model.Weights[0][1], 3);
    }
}
