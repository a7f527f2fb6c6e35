using Rampart.Evaluation.Robustness;

namespace Rampart.Evaluation.Tests.Robustness;

/// <summary>E27 (HopSkipJump parameters) and E28 (Square schedule), reference §5.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void Theta_L2DimensionTen_IsOneHundredthOverRootTen() =>
        Assert.Equal(0.0031623, HopSkipJumpAttack.Theta(PerturbationNorm.L2, 10), 7);

    [Fact]
    public void Theta_LInfinityDimensionTen_IsOneThousandth() =>
        Assert.Equal(0.001, HopSkipJumpAttack.Theta(PerturbationNorm.LInfinity, 10), 15);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 141)]
    [InlineData(2, 173)]
    [InlineData(3, 200)]
    [InlineData(9999, 10_000)]
    public void EvaluationCount_ArtDefaults_FollowsRootSchedule(int iteration, int expected) =>
        Assert.Equal(expected, HopSkipJumpAttack.EvaluationCount(iteration, 100, 10_000));

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(1, 0.2)]
    [InlineData(30, 0.0125)]
    [InlineData(90, 0.0015625)]
    [InlineData(10, 0.8 / 16)]
    [InlineData(11, 0.8 / 32)]
    public void FractionAt_ArtDefaults_HalvesAtSwitchPoints(int iteration, double expected) =>
        Assert.Equal(expected, SquareAttack.FractionAt(iteration, 100, 0.8), 15);

    [Fact]
    public void Theta_ZeroDimension_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HopSkipJumpAttack.Theta(PerturbationNorm.L2, 0));
}
