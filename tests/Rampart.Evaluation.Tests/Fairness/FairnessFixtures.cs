using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

/// <summary>Shared inputs, including the reference's 8-row example (evaluation.md §5, E1 to E4).</summary>
internal static class FairnessFixtures
{
    public static readonly int[] E1True = [1, 1, 0, 0, 1, 1, 0, 0];
    public static readonly int[] E1Pred = [1, 0, 1, 0, 1, 1, 1, 1];

    public static SensitiveFeature E1Group() => SensitiveFeature.FromValues("group", ["a", "a", "a", "a", "b", "b", "b", "b"]);

    public static FairnessInput E1Input() => FairnessInput.Create(E1True, E1Pred, [E1Group()]).Value!;

    public static FairnessOptions E1Options(int bootstrap = 0) => new()
    {
        BootstrapSamples = bootstrap,
        PrivilegedGroups = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("group", "b"),
    };

    public static FairnessReport Evaluate(FairnessInput input, FairnessOptions? options = null)
    {
        var result = FairnessEvaluator.Evaluate(input, options);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    /// <summary>A seeded synthetic dataset: group 1 is selected less often; y and ŷ agree 80% of the time.</summary>
    public static (int[] YTrue, int[] YPred, string[] Sex, string[] Age) Synthetic(int rows, int seed)
    {
        var random = new Random(seed);
        var yTrue = new int[rows];
        var yPred = new int[rows];
        var sex = new string[rows];
        var age = new string[rows];
        for (var i = 0; i < rows; i++)
        {
            var female = random.NextDouble() < 0.4;
            sex[i] = female ? "F" : "M";
            age[i] = random.NextDouble() < 0.3 ? "young" : "old";
            yTrue[i] = random.NextDouble() < (female ? 0.35 : 0.5) ? 1 : 0;
            yPred[i] = random.NextDouble() < 0.8 ? yTrue[i] : 1 - yTrue[i];
        }

        return (yTrue, yPred, sex, age);
    }
}
