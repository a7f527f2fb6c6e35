using Rampart.Assessments;

namespace Rampart.Engine;

/// <summary>Receives progress of a run (for a display on stderr). Calls may come from several threads.</summary>
public interface IAssessmentProgress
{
    /// <summary>A check started.</summary>
    /// <param name="checkId">The check.</param>
    /// <param name="title">Its title.</param>
    void CheckStarted(string checkId, string title);

    /// <summary>A check finished, ran or failed.</summary>
    /// <param name="run">What happened.</param>
    /// <param name="completed">How many checks have finished.</param>
    /// <param name="total">How many checks run.</param>
    void CheckFinished(CheckRun run, int completed, int total);
}
