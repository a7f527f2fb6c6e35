using System.Collections.Immutable;
using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessInputTests
{
    private static readonly SensitiveFeature TwoGroups = SensitiveFeature.FromValues("sex", ["F", "M", "F", "M"]);

    [Fact]
    public void Create_EmptyData_ProblemNamesYTrue()
    {
        var result = FairnessInput.Create([], [], [SensitiveFeature.FromValues("sex", [])]);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == "y_true" && p.Message.Contains("no rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_LengthMismatches_EveryProblemNamesItsField()
    {
        var result = FairnessInput.Create([1, 0, 1, 0], [1, 0, 1], [SensitiveFeature.FromValues("sex", ["F", "M"])], [0.5, 0.5]);
        Assert.False(result.IsValid);
        var fields = result.Problems.Select(p => p.Field!).ToArray();
        Assert.Equal(["y_pred", "scores", "sensitive_features.sex"], fields);
        Assert.Contains("3 predictions for 4 labels", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LabelsOtherThanZeroOne_ProblemsNameFirstRowAndCount()
    {
        var result = FairnessInput.Create([1, 2, 0, -1], [1, 0, 3, 0], [TwoGroups]);
        Assert.False(result.IsValid);
        Assert.Equal("y_true", result.Problems[0].Field);
        Assert.Contains("Row index 1 holds 2", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("(2 row(s) are not)", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("y_pred", result.Problems[1].Field);
        Assert.Contains("Row index 2 holds 3", result.Problems[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.PositiveInfinity)]
    public void Create_BadScore_ProblemNamesScores(double bad)
    {
        var result = FairnessInput.Create([1, 0, 1, 0], [1, 0, 1, 0], [TwoGroups], [0.1, bad, 0.3, 0.4]);
        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("scores", problem.Field);
        Assert.Contains("Row index 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OneGroup_ProblemNamesFeature()
    {
        var result = FairnessInput.Create([1, 0], [1, 0], [SensitiveFeature.FromValues("sex", ["F", "F"])]);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("sensitive_features.sex", problem.Field);
        Assert.Contains("only one group ('F')", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_MissingGroupValues_ProblemNamesFirstRow()
    {
        var result = FairnessInput.Create([1, 0, 1], [1, 0, 1], [SensitiveFeature.FromValues("sex", ["F", null, "M"])]);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("sensitive_features.sex", problem.Field);
        Assert.Contains("1 row(s) have no value, the first at row index 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoFeatureOrDuplicate_Problems()
    {
        Assert.Equal("sensitive_features", Assert.Single(FairnessInput.Create([1, 0], [1, 0], []).Problems).Field);
        var duplicate = FairnessInput.Create([1, 0, 1, 0], [1, 0, 1, 0], [TwoGroups, TwoGroups]);
        Assert.Contains("given twice", Assert.Single(duplicate.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_BadOptions_EveryProblemListed()
    {
        var options = new FairnessOptions
        {
            BootstrapSamples = -1,
            ConfidenceLevel = 1,
            MinGroupSize = 0,
            CalibrationBins = 0,
            GeneralizedEntropyAlpha = double.NaN,
            PrivilegedGroups = ImmutableDictionary<string, string>.Empty.Add("sexx", "M").Add("group", "c"),
        };
        var result = FairnessEvaluator.Evaluate(FairnessFixtures.E1Input(), options);
        Assert.False(result.IsValid);
        Assert.Equal(
            ["bootstrap_samples", "calibration_bins", "confidence_level", "generalized_entropy_alpha", "min_group_size", "privileged_groups.group", "privileged_groups.sexx"],
            result.Problems.Select(p => p.Field!).Order(StringComparer.Ordinal));
        Assert.Contains("'c' is not a group of 'group'", result.Problems.Single(p => p.Field == "privileged_groups.group").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCodes_CodeOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => SensitiveFeature.FromCodes("g", ["a"], [0, 1]));
        Assert.Throws<ArgumentException>(() => SensitiveFeature.FromCodes("g", ["a", "a"], [0]));
        Assert.Throws<ArgumentException>(() => SensitiveFeature.FromValues(" ", []));
    }

    [Fact]
    public void FromValues_GroupsSortedOrdinally()
    {
        var feature = SensitiveFeature.FromValues("age", ["b", "a", null, "b"]);
        Assert.Equal(["a", "b"], feature.Groups.ToArray());
        Assert.Equal([1, 0, -1, 1], feature.Codes.ToArray());
    }
}
