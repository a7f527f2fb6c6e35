using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;

namespace Rampart.Evaluation.Tests.Mitigation;

public sealed class ThresholdOptimizerTests
{
    [Fact]
    public void Fit_HandComputedDemographicParity_MixesGroupBetweenNobodyAndEverybody()
    {
        // a (4 rows): 0.9/1, 0.8/1, 0.7/1, 0.2/0 → hull (0, .25) → (.75, 1) → (1, .75).
        // b (2 rows): 0.6/0, 0.3/0 → hull (0, 1) → (1, 0).
        // Overall accuracy (4/6)·y_a(x) + (2/6)·y_b(x) = .5 + x/3 up to x = .75, then 1.5 − x: the target is .75.
        // a selects its top three (score > 0.2); b selects everybody with probability .25: expected accuracy
        // (4·1 + 2·.25) / 6 = .75.
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b"]);
        var policy = ThresholdOptimizer.Fit([0.9, 0.8, 0.7, 0.2, 0.6, 0.3], [1, 1, 1, 0, 0, 0], [group]).Value!;

        Assert.Equal(0.75, policy.TargetRate, 12);
        Assert.Equal(0.75, policy.ExpectedAccuracy, 12);
        var a = policy.Rule("a");
        Assert.Equal(0, a.Probability0, 12);
        Assert.Equal(0.2, a.Threshold1);
        var b = policy.Rule("b");
        Assert.Equal(0.25, b.Probability0, 12);
        Assert.Equal(double.PositiveInfinity, b.Threshold0);
        Assert.Equal(double.NegativeInfinity, b.Threshold1);
        Assert.Equal(0.75, b.PositiveProbability(0.3), 12);
        Assert.False(b.Decide(0.6, 0.2));
        Assert.True(b.Decide(0.3, 0.3));
        Assert.Equal(4, a.Count);
    }

    [Fact]
    public void Fit_EachGroupsBestThresholdAlreadyFair_KeepsItDeterministically()
    {
        // Both groups are perfectly separated at selection rate .5, so the target .5 costs no accuracy.
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b", "b", "b"]);
        double[] scores = [0.9, 0.6, 0.4, 0.1, 0.8, 0.7, 0.3, 0.2];
        int[] labels = [1, 1, 0, 0, 1, 1, 0, 0];
        foreach (var constraint in Enum.GetValues<FairnessConstraint>())
        {
            var policy = ThresholdOptimizer.Fit(scores, labels, [group], new ThresholdOptimizerOptions { Constraint = constraint }).Value!;
            Assert.Equal(1.0, policy.ExpectedAccuracy, 12);
            var decisions = policy.Predict(scores, [group], seed: 5).Value!;
            Assert.Equal(labels, decisions);
            Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(labels[i], policy.PositiveProbability(scores[i], i < 4 ? "a" : "b"), 12));
        }
    }

    [Theory]
    [InlineData(FairnessConstraint.DemographicParity)]
    [InlineData(FairnessConstraint.TruePositiveRateParity)]
    [InlineData(FairnessConstraint.FalsePositiveRateParity)]
    [InlineData(FairnessConstraint.EqualizedOdds)]
    public void Fit_BiasedSynthetic_ConstrainedRatesEqualInExpectation(FairnessConstraint constraint)
    {
        var (scores, labels, group, _) = MitigationFixtures.Biased(3000, 11);
        var policy = ThresholdOptimizer.Fit(scores, labels, [group], new ThresholdOptimizerOptions { Constraint = constraint }).Value!;
        var p = Enumerable.Range(0, scores.Length).Select(i => policy.PositiveProbability(scores[i], group.Groups[group.Codes[i]])).ToArray();
        double Rate(string g, Func<int, bool> filter) => MitigationFixtures.MeanWhere(p, group, g, filter);

        if (constraint == FairnessConstraint.DemographicParity)
        {
            Assert.Equal(Rate("a", _ => true), Rate("b", _ => true), 9);
            Assert.Equal(policy.TargetRate, Rate("a", _ => true), 9);
        }

        if (constraint is FairnessConstraint.TruePositiveRateParity or FairnessConstraint.EqualizedOdds)
        {
            Assert.Equal(Rate("a", i => labels[i] == 1), Rate("b", i => labels[i] == 1), 9);
        }

        if (constraint is FairnessConstraint.FalsePositiveRateParity or FairnessConstraint.EqualizedOdds)
        {
            Assert.Equal(Rate("a", i => labels[i] == 0), Rate("b", i => labels[i] == 0), 9);
        }

        // The expected accuracy reported is the one the decision probabilities give.
        var accuracy = Enumerable.Range(0, scores.Length).Average(i => labels[i] == 1 ? p[i] : 1 - p[i]);
        Assert.Equal(accuracy, policy.ExpectedAccuracy, 9);
    }

    [Fact]
    public void Predict_BiasedSynthetic_SeededDecisionsCloseTheSelectionGap()
    {
        var (scores, labels, group, _) = MitigationFixtures.Biased(4000, 3);
        var policy = ThresholdOptimizer.Fit(scores, labels, [group]).Value!;
        var before = scores.Select(s => s > 0.5 ? 1 : 0).ToArray();
        var after = policy.Predict(scores, [group], seed: 1).Value!;
        Assert.Equal(after, policy.Predict(scores, [group], seed: 1).Value!);

        var tradeoff = MitigationTradeoff.Compute(labels, before, after, [group]).Value!;
        Assert.True(tradeoff.Before.DemographicParityDifference > 0.3, $"planted gap {tradeoff.Before.DemographicParityDifference}");
        Assert.True(tradeoff.After.DemographicParityDifference < 0.04, $"after {tradeoff.After.DemographicParityDifference}");
        Assert.InRange(tradeoff.After.Accuracy, tradeoff.Before.Accuracy - 0.15, tradeoff.Before.Accuracy);
        Assert.Equal(["a", "b"], tradeoff.After.SelectionRates.Keys);
        Assert.Equal("group", tradeoff.Grouping);
    }

    [Fact]
    public void Fit_GroupWithoutPositivesUnderEqualizedOdds_NamesGroup()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);
        var result = ThresholdOptimizer.Fit([0.9, 0.1, 0.8, 0.2], [1, 0, 0, 0], [group], new ThresholdOptimizerOptions { Constraint = FairnessConstraint.EqualizedOdds });
        var problem = Assert.Single(result.Problems);
        Assert.Equal("groups.b", problem.Field);

        // Demographic parity does not need both classes.
        Assert.True(ThresholdOptimizer.Fit([0.9, 0.1, 0.8, 0.2], [1, 0, 0, 0], [group]).IsValid);
    }

    [Fact]
    public void Fit_BadInput_ListsEveryProblem()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "b"]);
        var result = ThresholdOptimizer.Fit([0.1, double.NaN], [1, 2, 0], [group], new ThresholdOptimizerOptions { GridSize = 0 });
        Assert.Equal(["grid_size", "labels", "scores"], result.Problems.Select(p => p.Field!).Order().ToArray());
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b"]);
        var policy = ThresholdOptimizer.Fit([0.9, 0.8, 0.7, 0.2, 0.6, 0.3], [1, 1, 1, 0, 0, 0], [group], new ThresholdOptimizerOptions { FavourableClass = "0", Label = "default" }).Value!;
        var json = policy.ToJson();
        Assert.Contains("\"format\": \"rampart-thresholds/v1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"threshold0\": \"Infinity\"", json, StringComparison.Ordinal);
        var back = ThresholdPolicy.FromJson(json).Value!;
        Assert.Equal(policy.Groups, back.Groups, (x, y) => x.Group == y.Group && x.Values.SequenceEqual(y.Values) && x.Threshold0 == y.Threshold0 && x.Threshold1 == y.Threshold1 && x.Probability0 == y.Probability0 && x.Count == y.Count);
        Assert.Equal(policy with { Groups = [] }, back with { Groups = [] }, (x, y) => x.ToJson() == y.ToJson());
        Assert.Equal(json, back.ToJson());
    }

    [Theory]
    [InlineData("not json", "json")]
    [InlineData("[1]", "json")]
    [InlineData("{\"format\": \"rampart-thresholds/v2\"}", "format")]
    [InlineData("{\"constraint\": \"parity\"}", "constraint")]
    [InlineData("{\"grid_size\": 0}", "grid_size")]
    [InlineData("{\"groups\": []}", "groups")]
    [InlineData("{\"groups\": [{\"group\": \"a\", \"values\": [\"a\"], \"threshold0\": 0.5, \"threshold1\": \"big\", \"p0\": 1}]}", "groups[0].threshold1")]
    [InlineData("{\"groups\": [{\"group\": \"a\", \"values\": [\"a\"], \"threshold0\": 0.5, \"threshold1\": 0.2, \"p0\": 1.5}]}", "groups[0].p0")]
    [InlineData("{\"groups\": [{\"group\": \"x\", \"values\": [\"a\"], \"threshold0\": 0.5, \"threshold1\": 0.2, \"p0\": 1}]}", "groups[0].group")]
    [InlineData("{\"groups\": [{\"group\": \"a\", \"values\": [\"a\"], \"threshold0\": 0.5, \"threshold1\": 0.2, \"p0\": 1, \"p_ignor\": 0}]}", "groups[0].p_ignor")]
    [InlineData("{\"groups\": [{\"group\": \"a\", \"values\": [\"a\", \"b\"], \"threshold0\": 0.5, \"threshold1\": 0.2, \"p0\": 1}]}", "groups[0].values")]
    [InlineData("{\"sensitive_features\": \"g\"}", "sensitive_features")]
    [InlineData("{\"constraint\": \"equalized_odds\"}", "target_true_positive_rate")]
    public void FromJson_Malformed_NamesField(string change, string field)
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);
        var valid = ThresholdOptimizer.Fit([0.9, 0.1, 0.8, 0.2], [1, 0, 1, 0], [group]).Value!.ToJson();
        string json;
        if (change.StartsWith('{'))
        {
            // Merge the changed fields into the valid document.
            var node = System.Text.Json.Nodes.JsonNode.Parse(valid)!.AsObject();
            foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject())
            {
                node[key] = value?.DeepClone();
            }

            if (field == "target_true_positive_rate")
            {
                node.Remove(field);
            }

            json = node.ToJsonString();
        }
        else
        {
            json = change;
        }

        var result = ThresholdPolicy.FromJson(json, "policy.json");
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Field == field && p.File == "policy.json");
    }

    [Fact]
    public void Predict_UnknownGroupOrOtherFeatures_Problems()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "b", "b"]);
        var policy = ThresholdOptimizer.Fit([0.9, 0.1, 0.8, 0.2], [1, 0, 1, 0], [group]).Value!;
        Assert.Equal("groups", Assert.Single(policy.Predict([0.5, 0.5], [SensitiveFeature.FromValues("g", ["a", "c"])], 0).Problems).Field);
        Assert.Equal("sensitive_features", Assert.Single(policy.Predict([0.5, 0.5], [SensitiveFeature.FromValues("h", ["a", "b"])], 0).Problems).Field);
        Assert.Throws<KeyNotFoundException>(() => policy.Rule("c"));
    }

    [Fact]
    public void FromJson_SeededMutations_NeverThrowAndValidResultsApply()
    {
        var group = SensitiveFeature.FromValues("g", ["a", "a", "a", "a", "b", "b"]);
        var valid = ThresholdOptimizer.Fit([0.9, 0.8, 0.7, 0.2, 0.6, 0.3], [1, 1, 1, 0, 0, 0], [group]).Value!.ToJson();
        var random = new Random(17);
        const string Alphabet = "{}[]\":,.-+0123456789eE\\ abgInfinity_";
        for (var round = 0; round < 3000; round++)
        {
            var chars = valid.ToCharArray().ToList();
            for (var edits = random.Next(1, 6); edits > 0 && chars.Count > 0; edits--)
            {
                var at = random.Next(chars.Count);
                switch (random.Next(3))
                {
                    case 0:
                        chars.RemoveAt(at);
                        break;
                    case 1:
                        chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        chars[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                }
            }

            var result = ThresholdPolicy.FromJson(new string([.. chars]));
            if (result.IsValid)
            {
                var policy = result.Value!;
                Assert.All(policy.Groups, g => Assert.InRange(g.PositiveProbability(0.5), 0, 1));
            }
            else
            {
                Assert.All(result.Problems, p => Assert.False(string.IsNullOrEmpty(p.Field)));
            }
        }
    }
}
