namespace Rampart.Evaluation.Fairness;

/// <summary>A caution about the reliability of some metrics, such as a group too small to estimate rates well.</summary>
public sealed record FairnessWarning
{
    /// <summary>A stable code: <c>small-group</c>, <c>few-positives</c> or <c>few-negatives</c>.</summary>
    public required string Code { get; init; }

    /// <summary>The grouping, for example <c>sex</c>.</summary>
    public required string Grouping { get; init; }

    /// <summary>The group concerned.</summary>
    public required string Group { get; init; }

    /// <summary>What is wrong and which metrics it affects.</summary>
    public required string Message { get; init; }
}
