using Rampart.Evaluation.Robustness;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Tests.Robustness;

public sealed class RobustnessInputTests
{
    private static readonly PredictorInfo Classifier = new() { FeatureCount = 2, Kind = PredictionKind.Classification, OutputCount = 2, Source = "m.onnx" };

    [Fact]
    public void Create_HostileInput_ListsEveryProblemWithItsField()
    {
        var rows = new FloatMatrix(3, 3, [1, float.NaN, 0, 1, 2, 3, 4, float.PositiveInfinity, 5]);
        var result = RobustnessInput.Create(rows, [0, 2], Classifier, FeatureConstraints.None(2));

        Assert.False(result.IsValid);
        Assert.Equal(["features", "features", "labels", "labels", "constraints"], result.Problems.Select(p => p.Field!).ToArray());
        Assert.Contains("rows have 3 features but the model takes 2", result.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("Row index 0, feature 1 holds NaN", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("(2 value(s) are not)", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("2 labels for 3 rows", result.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("Row index 1 holds class 2", result.Problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RegressionModelAndNoRows_ProblemsNameModelAndFeatures()
    {
        var regression = Classifier with { Kind = PredictionKind.Regression, OutputCount = 1 };
        var result = RobustnessInput.Create(new FloatMatrix(0, 2), [], regression);
        Assert.Equal(["model", "features"], result.Problems.Select(p => p.Field!).ToArray());
        Assert.Contains("needs a classifier", result.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadConstraints_ProblemsArePrefixed()
    {
        var constraints = new FeatureConstraints { FeatureCount = 2, ImmutableFeatures = [4] };
        var problem = Assert.Single(RobustnessInput.Create(new FloatMatrix(1, 2), [0], Classifier, constraints).Problems);
        Assert.Equal("constraints.immutable[0]", problem.Field);
    }

    [Fact]
    public void Create_RowBreakingItsConstraints_ProblemNamesRowAndFeature()
    {
        var constraints = new FeatureConstraints { FeatureCount = 2, IntegerFeatures = [1] };
        var rows = new FloatMatrix(2, 2, [0.5f, 1, 0.5f, 1.5f]);
        var problem = Assert.Single(RobustnessInput.Create(rows, [0, 1], Classifier, constraints).Problems);
        Assert.Equal("features", problem.Field);
        Assert.Contains("Row index 1: feature[1] is an integer feature but holds 1.5", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ValidInput_CopiesRows()
    {
        var rows = new FloatMatrix(1, 2, [1, 2]);
        var input = RobustnessInput.Create(rows, [1], Classifier).Value!;
        rows[0, 0] = 9;
        Assert.Equal(1, input.Features[0, 0]);
        Assert.Equal(2, input.ClassCount);
    }

    [Fact]
    public async Task Options_Hostile_EveryAttackListsItsFields()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(2, 1), FeatureConstraints.FromData(LinearFixtures.Rows(50, 2)));

        var fgsm = await FastGradientAttack.RunAsync(model, input, new FastGradientOptions { Epsilon = -1, EpsilonStep = double.NaN, Norm = (PerturbationNorm)7 });
        Assert.Equal(["epsilon", "epsilon_step", "norm"], fgsm.Problems.Select(p => p.Field!).ToArray());

        var pgd = await ProjectedGradientAttack.RunAsync(model, input, new ProjectedGradientOptions { Epsilon = double.PositiveInfinity, MaxIterations = 0 });
        Assert.Equal(["epsilon", "max_iter"], pgd.Problems.Select(p => p.Field!).ToArray());

        var hsj = await HopSkipJumpAttack.RunAsync(model, input, new HopSkipJumpOptions { MaxIterations = -1, InitialEvaluations = 200, MaxEvaluations = 100, InitialSize = 0 });
        Assert.Equal(["max_iter", "init_size", "init_eval"], hsj.Problems.Select(p => p.Field!).ToArray());

        var square = await SquareAttack.RunAsync(model, input, new SquareOptions { Epsilon = 0, PInit = 1.5, Restarts = 0 });
        Assert.Equal(["epsilon", "nb_restarts", "p_init"], square.Problems.Select(p => p.Field!).ToArray());
        Assert.Equal(0, model.Queries.Rows);
    }

    [Fact]
    public async Task HopSkipJump_QueryBudget_Throws()
    {
        var model = new BudgetModel(LinearFixtures.Model(), 500);
        var input = LinearFixtures.Input(LinearFixtures.Model(), LinearFixtures.Rows(2, 1), FeatureConstraints.FromData(LinearFixtures.Rows(50, 2)));
        await Assert.ThrowsAsync<QueryBudgetExceededException>(async () => await HopSkipJumpAttack.RunAsync(model, input));
    }

    [Fact]
    public async Task Attack_ModelAnsweringWrongShape_ThrowsPredictorException()
    {
        var input = LinearFixtures.Input(LinearFixtures.Model(), LinearFixtures.Rows(2, 1));
        var exception = await Assert.ThrowsAsync<PredictorException>(async () => await SquareAttack.RunAsync(new OneColumnModel(), input));
        Assert.Contains("at least two class probabilities", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attacks_CancelledToken_Throw()
    {
        var model = LinearFixtures.Model();
        var input = LinearFixtures.Input(model, LinearFixtures.Rows(2, 1), FeatureConstraints.FromData(LinearFixtures.Rows(50, 2)));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await HopSkipJumpAttack.RunAsync(model, input, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ProjectedGradientAttack.RunAsync(model, input, cancellationToken: cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await SquareAttack.RunAsync(model, input, cancellationToken: cancelled.Token));
    }

    private sealed class BudgetModel(IPredictor inner, long budget) : IPredictor
    {
        public PredictorInfo Info => inner.Info;

        public QueryCounter Queries { get; } = new(budget);

        public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken)
        {
            Queries.Charge(inputs.Rows);
            return inner.PredictAsync(inputs, cancellationToken);
        }
    }

    private sealed class OneColumnModel : IPredictor
    {
        public PredictorInfo Info { get; } = new() { FeatureCount = 10, Kind = PredictionKind.Classification, OutputCount = 2, Source = "broken" };

        public QueryCounter Queries { get; } = new();

        public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken) => ValueTask.FromResult(new FloatMatrix(inputs.Rows, 1));
    }
}
