using System.Collections.Immutable;
using Rampart.Ledger.Events;

namespace Rampart.Ledger;

/// <summary>One entry read back from a ledger.</summary>
/// <param name="Index">The 0-based index.</param>
/// <param name="Data">The entry bytes, exactly as stored.</param>
/// <param name="LeafHash">The stored leaf hash.</param>
/// <param name="Parsed">The bytes parsed as an event, or the problems found.</param>
public sealed record LedgerEntry(long Index, ImmutableArray<byte> Data, ImmutableArray<byte> LeafHash, EventParseResult Parsed);
