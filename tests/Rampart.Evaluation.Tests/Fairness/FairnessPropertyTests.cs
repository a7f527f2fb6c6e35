using Rampart.Evaluation.Fairness;

namespace Rampart.Evaluation.Tests.Fairness;

public sealed class FairnessPropertyTests
{
    [Fact]
    public void Evaluate_RandomSmallInputs_NeverThrowAndEveryUndefinedValueHasAReason()
    {
        // Seeded: tiny, lopsided data (one-row groups, no positives, nobody selected) is where undefined metrics hide.
        var random = new Random(2024);
        var evaluated = 0;
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var rows = random.Next(0, 12);
            var yTrue = Enumerable.Range(0, rows).Select(_ => random.Next(10) == 0 ? 2 : random.Next(2)).ToArray();
            var yPred = Enumerable.Range(0, rows).Select(_ => random.Next(2)).ToArray();
            var groups = random.Next(1, 4);
            var a = SensitiveFeature.FromValues("a", [.. Enumerable.Range(0, rows).Select(_ => "g" + random.Next(groups))]);
            var b = SensitiveFeature.FromValues("b", [.. Enumerable.Range(0, rows).Select(_ => random.Next(20) == 0 ? null : "h" + random.Next(2))]);
            double[]? scores = random.Next(2) == 0 ? null : [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble())];
            var input = FairnessInput.Create(yTrue, yPred, [a, b], scores);
            if (!input.IsValid)
            {
                Assert.All(input.Problems, p => Assert.False(string.IsNullOrEmpty(p.Field)));
                continue;
            }

            var result = FairnessEvaluator.Evaluate(input.Value!, new FairnessOptions { BootstrapSamples = 20, Seed = iteration, GeneralizedEntropyAlpha = random.Next(-1, 3) });
            Assert.True(result.IsValid);
            evaluated++;
            var report = result.Value!;
            var estimates = report.Groupings.SelectMany(g => g.Aggregates.Concat(g.Groups.SelectMany(x => x.Metrics.Concat(x.ComparedWithPrivileged)))).Concat(report.Overall.Metrics);
            foreach (var estimate in estimates)
            {
                Assert.True(estimate.IsDefined || !string.IsNullOrEmpty(estimate.UndefinedReason), $"{estimate.Name} undefined without a reason");
                Assert.False(double.IsInfinity(estimate.Value), estimate.Name);
                if (estimate.Interval is { } ci)
                {
                    Assert.True(ci.Lower <= ci.Upper, estimate.Name);
                }
            }
        }

        Assert.True(evaluated > 50, $"only {evaluated} inputs were valid");
    }
}
