using Rampart.Checks;
using Rampart.Evaluation.Checks;
using Rampart.Labels.Checks;
using Rampart.ModelFiles.Checks;
using Rampart.Signing.Checks;

namespace Rampart.Cli;

/// <summary>Every check the command-line tool runs. Each part adds its checks here (model files: MODEL-SCAN; evaluation and the ledger to come).</summary>
internal static class Registry
{
    public static IReadOnlyList<ICheck> Checks() => [.. BuiltInChecks.Create(), new ModelFileCheck(), new ModelSignatureCheck(), new DatasetLabelCheck(), new FairnessCheck(), new RobustnessCheck(), new ExplainabilityCheck()];
}
