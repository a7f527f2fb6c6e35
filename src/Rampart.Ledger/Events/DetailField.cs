namespace Rampart.Ledger.Events;

/// <summary>One field an event kind's <c>details</c> object may hold.</summary>
/// <param name="Name">The member name (snake_case).</param>
/// <param name="Type">The value's JSON type.</param>
/// <param name="Required">Whether every event of the kind must have it.</param>
public sealed record DetailField(string Name, DetailType Type, bool Required);
