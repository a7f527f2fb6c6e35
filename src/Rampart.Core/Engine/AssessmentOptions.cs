namespace Rampart.Engine;

/// <summary>Settings of one assessment run.</summary>
public sealed record AssessmentOptions
{
    /// <summary>The clock. Default: the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The seed for every check. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>A stage to decide a gate for, or <c>null</c>.</summary>
    public string? GateStage { get; init; }

    /// <summary>Overrides the policy's fail-on severity, or <c>null</c>.</summary>
    public Checks.Severity? FailOn { get; init; }

    /// <summary>How many checks run at once. Default: the processor count.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Progress sink, or <c>null</c>.</summary>
    public IAssessmentProgress? Progress { get; init; }
}
