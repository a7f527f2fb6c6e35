using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.Evaluation.Checks;

/// <summary>The rules of the <c>FAIRNESS</c> check; each has a page at <c>docs/rules/ID.md</c>.</summary>
public static class FairnessRules
{
    /// <summary>RMP-FR-001: a fairness metric of the model's predictions breaks a policy threshold.</summary>
    public static RuleDescriptor ThresholdFailed { get; } = new()
    {
        Id = "RMP-FR-001",
        Name = "FairnessThresholdFailed",
        Summary = "A fairness metric of the model's predictions on a test dataset breaks a threshold: one set in policy.thresholds (reported at the policy's fail_on severity) or a built-in default (medium).",
        Help = "Look at the per-group rates with 'rampart eval fairness'; check the labels for historical bias, reweigh the training data ('rampart mitigate reweigh') and retrain, or record a risk decision for THR-008. When the interval reaches the other side of the threshold, more test data would settle the verdict.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-FR-002: a group is too small, or has too few rows of a class, for precise rates.</summary>
    public static RuleDescriptor SmallGroup { get; } = new()
    {
        Id = "RMP-FR-002",
        Name = "FairnessSmallGroup",
        Summary = "A group of a sensitive attribute (or of their intersection) has fewer than 30 test rows, or fewer than 5 rows of a class, so its rates and the verdicts using them are imprecise.",
        Help = "Collect more test rows for the group, or merge sparse groups (for example adjacent age bands) before evaluating.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>RMP-FR-003: the model cannot be evaluated on the dataset.</summary>
    public static RuleDescriptor EvaluationImpossible { get; } = new()
    {
        Id = "RMP-FR-003",
        Name = "FairnessEvaluationImpossible",
        Summary = "The fairness of a model cannot be evaluated on a test dataset: the model cannot be loaded or is not ONNX, its inputs do not match the data's columns, the label or the policy's fairness thresholds are unusable, or prediction failed.",
        Help = "The message names the column, class or threshold key at fault. Models trained by 'rampart train' carry the feature map that maps CSV columns to inputs; other ONNX models take the data's numeric columns in order.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>RMP-FR-004: a threshold cannot be checked because its metric is undefined.</summary>
    public static RuleDescriptor ThresholdUndefined { get; } = new()
    {
        Id = "RMP-FR-004",
        Name = "FairnessThresholdUndefined",
        Summary = "A policy threshold cannot be checked because its metric is undefined on the test data (for example a true positive rate in a group without favourable labels).",
        Help = "The message gives the reason; add test rows of the missing class to the group, or bound another metric.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>All rules, in id order.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [ThresholdFailed, SmallGroup, EvaluationImpossible, ThresholdUndefined];
}
