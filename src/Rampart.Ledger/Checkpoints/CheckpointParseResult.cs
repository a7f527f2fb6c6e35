using System.Collections.Immutable;

namespace Rampart.Ledger.Checkpoints;

/// <summary>The outcome of parsing a signed checkpoint: the checkpoint and its note, or every problem with its line.</summary>
/// <param name="Checkpoint">The checkpoint body; null when there are problems.</param>
/// <param name="Note">The signed note it came in; null when the note itself did not parse.</param>
/// <param name="Problems">Every problem found; empty when the checkpoint parsed.</param>
public sealed record CheckpointParseResult(Checkpoint? Checkpoint, SignedNote? Note, ImmutableArray<NoteProblem> Problems)
{
    /// <summary>Whether the checkpoint parsed without problems.</summary>
    public bool IsValid => Checkpoint is not null && Note is not null && Problems.IsEmpty;
}
