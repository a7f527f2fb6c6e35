namespace Rampart.Evaluation.Fairness;

/// <summary>The outcome of checking one metric against one threshold.</summary>
public enum VerdictOutcome
{
    /// <summary>The point estimate meets the threshold.</summary>
    Pass,

    /// <summary>The point estimate breaks the threshold.</summary>
    Fail,

    /// <summary>The metric is undefined, so the threshold cannot be checked.</summary>
    Undefined,
}
