using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.Evaluation.Checks;

/// <summary>The rules of the <c>EXPLAINABILITY</c> check; each has a page at <c>docs/rules/ID.md</c>.</summary>
public static class ExplainabilityRules
{
    /// <summary>RMP-EX-001: a sensitive attribute, or a close proxy of it, drives the model's decisions beyond the policy's share.</summary>
    public static RuleDescriptor SensitiveDriver { get; } = new()
    {
        Id = "RMP-EX-001",
        Name = "SensitiveAttributeDrivesDecisions",
        Summary = "A sensitive attribute, through itself and the columns closely associated with it (proxies: Cramér's V, correlation ratio η or |Pearson r| at least explainability.proxy_association, default 0.5) added together, holds more than explainability.sensitive_share (default 0.1) of the model's total SHAP importance on the test data.",
        Help = "Look at the importances and the proxy's association in the report, and at 'rampart eval explain'. Drop or coarsen the proxy column and retrain, mitigate ('rampart mitigate reweigh'), or record why the column is needed in a risk decision for THR-008 and THR-007.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-EX-002: no simple global explanation of the model's decisions.</summary>
    public static RuleDescriptor LowSurrogateFidelity { get; } = new()
    {
        Id = "RMP-EX-002",
        Name = "NoSimpleGlobalExplanation",
        Summary = "A depth-3 decision tree trained to imitate the model agrees with it on fewer held-out test rows than explainability.min_surrogate_fidelity (default 0.8), so no short set of rules explains the model's decisions to its users and reviewers.",
        Help = "Explain decisions one by one ('rampart eval explain --rows ...'), consider a more interpretable model, or record the decision for THR-007.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>RMP-EX-003: the model cannot be explained on the dataset.</summary>
    public static RuleDescriptor EvaluationImpossible { get; } = new()
    {
        Id = "RMP-EX-003",
        Name = "ExplainabilityEvaluationImpossible",
        Summary = "A model cannot be explained on a test dataset: the model cannot be loaded or is not ONNX, its inputs do not match the data's columns, the data holds missing values the model has no input for, the policy's explainability thresholds are unusable, or prediction failed.",
        Help = "The message names the column, row or threshold key at fault.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>All rules, in id order.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [SensitiveDriver, LowSurrogateFidelity, EvaluationImpossible];
}
