using Rampart.Checks;
using Rampart.ModelFiles.Checks;

namespace Rampart.Cli;

/// <summary>Every check the command-line tool runs. Later parts (model files, evaluation, ledger) add theirs here.</summary>
internal static class Registry
{
    public static IReadOnlyList<ICheck> Checks() => [.. BuiltInChecks.Create(), new ModelFileCheck()];
}
