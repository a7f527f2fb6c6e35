using Rampart.Assessments;
using Rampart.Engine;

namespace Rampart.Cli;

/// <summary>Progress lines on stderr: one line per finished check.</summary>
internal sealed class ConsoleProgress(TextWriter error) : IAssessmentProgress
{
    private readonly Lock _gate = new();

    public void CheckStarted(string checkId, string title)
    {
    }

    public void CheckFinished(CheckRun run, int completed, int total)
    {
        var outcome = run.Outcome switch
        {
            CheckOutcome.Error => $"failed: {run.Reason}",
            _ => $"{run.FindingCount} finding{(run.FindingCount == 1 ? string.Empty : "s")}",
        };
        lock (_gate)
        {
            error.WriteLine($"[{completed}/{total}] {run.Id} {run.Title}: {outcome}");
        }
    }
}
