using System.Text;
using Rampart.Evaluation.Robustness;
using Rampart.ML.Data;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Robustness;

public sealed class FeatureConstraintsTests
{
    private const string Csv = "age,income,owner,purpose,default\n23,1500,yes,car,0\n35,4200.5,no,house,1\n61,2500,yes,tv,0\n44,3100,no,car,1\n29,1800,yes,house,0\n";

    /// <summary>age (integer, immutable), income, colour one-hot (red, green, blue), owner 0/1.</summary>
    internal static FeatureConstraints Mixed() => new()
    {
        FeatureCount = 6,
        FeatureNames = ["age", "income", "colour=red", "colour=green", "colour=blue", "owner"],
        ImmutableFeatures = [0],
        IntegerFeatures = [0, 5],
        OneHotGroups = [new OneHotGroup("colour", [2, 3, 4])],
        Bounds = [new FeatureBound(1, 0, 10), new FeatureBound(5, 0, 1)],
    };

    internal static FeatureProjection Compile(FeatureConstraints constraints)
    {
        var result = constraints.Compile();
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    [Fact]
    public void Compile_HostileConstraints_ListsEveryProblemWithItsField()
    {
        var result = new FeatureConstraints
        {
            FeatureCount = 3,
            FeatureNames = ["a"],
            ImmutableFeatures = [5],
            IntegerFeatures = [-1, 1],
            OneHotGroups = [new OneHotGroup("g", [0]), new OneHotGroup("h", [1, 2]), new OneHotGroup("k", [2, 7])],
            Bounds = [new FeatureBound(0, 2, 1), new FeatureBound(1, 0.2, 0.8), new FeatureBound(9, 0, 1), new FeatureBound(2, double.NaN, 1), new FeatureBound(0, 0, 1), new FeatureBound(0, 0, 2)],
        }.Compile();

        Assert.False(result.IsValid);
        var fields = result.Problems.Select(p => p.Field!).ToArray();
        Assert.Equal(["feature_names", "immutable[0]", "integer[0]", "one_hot_groups[0]", "one_hot_groups[2]", "one_hot_groups[2]", "bounds[0]", "bounds[1]", "bounds[2]", "bounds[3]", "bounds[5]"], fields);
        Assert.Contains("already in one_hot_groups[1]", result.Problems[4].Message, StringComparison.Ordinal);
        Assert.Contains("hold no whole number", result.Problems[7].Message, StringComparison.Ordinal);
        Assert.Contains("bounds twice", result.Problems[10].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NoFeatures_ProblemNamesFeatureCount()
    {
        var problem = Assert.Single(FeatureConstraints.None(0).Compile().Problems);
        Assert.Equal("feature_count", problem.Field);
    }

    [Fact]
    public void Project_WildCandidate_KeepsEveryConstraint()
    {
        var projection = Compile(Mixed());
        float[] original = [40, 5, 0, 1, 0, 1];
        float[] candidate = [47.6f, 12.5f, 0.9f, 0.2f, 0.95f, 0.4f];
        projection.Project(original, candidate);

        // owner moved by 0.6 < 1 toward 0 stays 1: rounding is toward the original value.
        Assert.Equal([40, 10, 0, 0, 1, 1], candidate);
        Assert.Empty(projection.Violations(original, candidate));
    }

    [Fact]
    public void Project_SmallMoves_RoundIntegersTowardOriginalAndKeepCategory()
    {
        var projection = Compile(Mixed());
        float[] original = [40, 5, 0, 1, 0, 0];
        float[] candidate = [40, 4.5f, 0.3f, 0.7f, 0.3f, 0.9f];
        projection.Project(original, candidate);

        // owner moved by 0.9 < 1 stays 0: rounding toward the original never enlarges a perturbation.
        Assert.Equal([40, 4.5f, 0, 1, 0, 0], candidate);
    }

    [Fact]
    public void Project_OriginalOutsideBounds_IsNotMoved()
    {
        var projection = Compile(Mixed());
        float[] original = [40, 12, 1, 0, 0, 1];
        var candidate = (float[])original.Clone();
        projection.Project(original, candidate);
        Assert.Equal(original, candidate);
    }

    [Fact]
    public void Violations_BrokenRow_NamesEachFeature()
    {
        var projection = Compile(Mixed());
        float[] original = [40, 5, 0, 1, 0, 1];
        float[] broken = [41, 11, 1, 1, 0.5f, 0.5f];
        var violations = projection.Violations(original, broken);

        Assert.Contains(violations, v => v.StartsWith("age is immutable", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("owner is an integer feature", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("income holds 11, outside", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("One-hot group 'colour' is not one-hot", StringComparison.Ordinal));
    }

    [Fact]
    public void FromData_Matrix_BoundsAreColumnMinAndMax()
    {
        var data = new FloatMatrix(3, 2, [1, -2, 5, 0, 3, 7]);
        var constraints = FeatureConstraints.FromData(data);
        Assert.Equal([new FeatureBound(0, 1, 5), new FeatureBound(1, -2, 7)], constraints.Bounds.ToArray());
    }

    [Fact]
    public async Task FromFeatureMap_CreditLikeData_InfersGroupsIntegersBoundsAndImmutables()
    {
        var (map, encoded) = await Encode();
        var result = FeatureConstraints.FromFeatureMap(map, encoded, ["age"]);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var constraints = result.Value!;

        // Features: age, income, owner, purpose=car, purpose=house, purpose=tv.
        Assert.Equal(6, constraints.FeatureCount);
        Assert.Equal([0], constraints.ImmutableFeatures.ToArray());
        Assert.Equal([0, 2], constraints.IntegerFeatures.ToArray());
        var group = Assert.Single(constraints.OneHotGroups);
        Assert.Equal("purpose", group.Name);
        Assert.Equal([3, 4, 5], group.Features.ToArray());
        Assert.Contains(new FeatureBound(1, 1500, 4200.5), constraints.Bounds);
        Assert.Contains(new FeatureBound(2, 0, 1), constraints.Bounds);
        Assert.Contains(new FeatureBound(0, 23, 61), constraints.Bounds);
    }

    [Fact]
    public async Task FromFeatureMap_UnknownImmutableColumn_SuggestsClosestName()
    {
        var (map, encoded) = await Encode();
        var problem = Assert.Single(FeatureConstraints.FromFeatureMap(map, encoded, ["incme"]).Problems);
        Assert.Equal("immutable[0]", problem.Field);
        Assert.Contains("income", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromFeatureMap_WrongWidth_ProblemNamesFeatures()
    {
        var (map, _) = await Encode();
        var problem = Assert.Single(FeatureConstraints.FromFeatureMap(map, new FloatMatrix(2, 3)).Problems);
        Assert.Equal("features", problem.Field);
    }

    [Fact]
    public async Task FromDataset_TrainingData_SameAsFromEncodedFeatures()
    {
        var (map, encoded) = await Encode();
        var data = await Read();
        var fromDataset = FeatureConstraints.FromDataset(map, data, ["age"]).Value!;
        var fromEncoded = FeatureConstraints.FromFeatureMap(map, encoded, ["age"]).Value!;
        Assert.Equal(fromEncoded.Bounds.ToArray(), fromDataset.Bounds.ToArray());
        Assert.Equal(fromEncoded.IntegerFeatures.ToArray(), fromDataset.IntegerFeatures.ToArray());
    }

    [Fact]
    public async Task FromDataset_DataMissingAColumn_ReturnsEncodingProblems()
    {
        var (map, _) = await Encode();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("age,owner,purpose\n30,yes,car\n40,no,tv\n"));
        var data = (await TabularDatasetReader.ReadAsync(stream, "other.csv", null, CancellationToken.None)).Value!;
        var problem = Assert.Single(FeatureConstraints.FromDataset(map, data).Problems);
        Assert.Equal("income", problem.Field);
    }

    internal static async Task<TabularDataset> Read()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        return (await TabularDatasetReader.ReadAsync(stream, "credit.csv", new DatasetReadOptions { Label = "default" }, CancellationToken.None)).Value!;
    }

    internal static async Task<(FeatureMap Map, FloatMatrix Encoded)> Encode()
    {
        var data = await Read();
        var map = FeatureMap.Fit(data).Value!;
        return (map, map.Encode(data).Value!);
    }
}
