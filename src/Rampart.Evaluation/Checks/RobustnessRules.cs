using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.Evaluation.Checks;

/// <summary>The rules of the <c>ROBUSTNESS</c> check; each has a page at <c>docs/rules/ID.md</c>.</summary>
public static class RobustnessRules
{
    /// <summary>RMP-RB-001: accuracy under attack at the policy's budget falls more than allowed.</summary>
    public static RuleDescriptor AttackAccuracyDrop { get; } = new()
    {
        Id = "RMP-RB-001",
        Name = "RobustnessAttackAccuracyDrop",
        Summary = "Under the strongest evasion attack at the policy's budget (robustness.epsilon, default 0.1, in the model's input units: standardised for models trained by Rampart), the model's accuracy on the test data falls by more than robustness.max_accuracy_drop (default 0.1) below its clean accuracy.",
        Help = "See the accuracy-versus-ε curve in the report and 'rampart eval robustness' for each attack. Harden the model (adversarial training, input constraints, smoother models), detect adversarial inputs at the gateway, or record a risk decision for THR-013 and THR-006.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-RB-002: accuracy under a natural corruption falls more than allowed.</summary>
    public static RuleDescriptor CorruptionAccuracyDrop { get; } = new()
    {
        Id = "RMP-RB-002",
        Name = "RobustnessCorruptionAccuracyDrop",
        Summary = "Under a moderate natural corruption (Gaussian noise of 0.25 standard deviations, 20% missing values, ±10% scaling or 10% categorical flips), the model's accuracy on the test data falls by more than robustness.max_corruption_drop (default 0.05).",
        Help = "Check how the model handles noisy, missing and mis-scaled inputs: validate inputs at the gateway, impute missing values as in training, or train with noise. The message names the corruption.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>RMP-RB-003: robustness cannot be evaluated.</summary>
    public static RuleDescriptor EvaluationImpossible { get; } = new()
    {
        Id = "RMP-RB-003",
        Name = "RobustnessEvaluationImpossible",
        Summary = "The robustness of a model cannot be evaluated on a test dataset: the model cannot be loaded or is not ONNX, it is not a classifier, its inputs do not match the data's columns, the label holds classes the model does not have, the policy's robustness thresholds are unusable, or prediction failed.",
        Help = "The message names the column, class or threshold key at fault.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>RMP-RB-004: white-box attacks could not run, so only black-box attacks bound the accuracy.</summary>
    public static RuleDescriptor WhiteBoxSkipped { get; } = new()
    {
        Id = "RMP-RB-004",
        Name = "RobustnessWhiteBoxSkipped",
        Summary = "The model gives no input gradients (an operator without a derivative in Rampart's ONNX runtime), so FGSM and PGD did not run; the accuracy under attack comes from the black-box attacks alone and may be optimistic.",
        Help = "The message names the operator. Evaluate a differentiable export of the same model, or treat the reported accuracy under attack as an upper bound.",
        DefaultSeverity = Severity.Low,
    };

    /// <summary>All rules, in id order.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [AttackAccuracyDrop, CorruptionAccuracyDrop, EvaluationImpossible, WhiteBoxSkipped];
}
