using System.Collections.Immutable;

namespace Rampart.Ledger.Checkpoints;

/// <summary>The outcome of parsing a signed note: the note, or every problem found with its line.</summary>
/// <param name="Note">The parsed note; null when there are problems.</param>
/// <param name="Problems">Every problem found; empty when the note parsed.</param>
public sealed record NoteParseResult(SignedNote? Note, ImmutableArray<NoteProblem> Problems)
{
    /// <summary>Whether the note parsed without problems.</summary>
    public bool IsValid => Note is not null && Problems.IsEmpty;
}
