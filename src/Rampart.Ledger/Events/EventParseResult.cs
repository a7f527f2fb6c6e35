using System.Collections.Immutable;

namespace Rampart.Ledger.Events;

/// <summary>The outcome of parsing entry bytes as an event.</summary>
/// <param name="Event">The event; null when there are problems.</param>
/// <param name="Problems">Every problem found, each starting with the field it concerns; empty when the entry parsed.</param>
public sealed record EventParseResult(LedgerEvent? Event, ImmutableArray<string> Problems)
{
    /// <summary>Whether the entry parsed as a valid event.</summary>
    public bool IsValid => Event is not null && Problems.IsEmpty;
}
