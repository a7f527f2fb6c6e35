using Rampart.Ledger.Events;

namespace Rampart.Ledger;

/// <summary>The one-call way for commands to record an event in the ledger a manifest names.</summary>
public static class LedgerWriter
{
    /// <summary>
    /// Opens the ledger at <paramref name="ledgerPath"/>, appends <paramref name="e"/> in its own transaction and closes
    /// it. The ledger must exist: appending to a missing file is an error naming the path (create ledgers with
    /// <c>rampart ledger init</c>).
    /// </summary>
    /// <param name="ledgerPath">The ledger file.</param>
    /// <param name="e">The event.</param>
    /// <param name="cancellationToken">Cancels before the append starts; an append that started completes.</param>
    /// <returns>The new entry's index.</returns>
    /// <exception cref="LedgerException">The ledger is missing, not a ledger, or cannot be written.</exception>
    /// <exception cref="ArgumentException">The event is invalid.</exception>
    public static Task<long> AppendAsync(string ledgerPath, LedgerEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgerPath);
        ArgumentNullException.ThrowIfNull(e);
        cancellationToken.ThrowIfCancellationRequested();

        // SQLite I/O is synchronous; running it on the thread pool keeps the caller's thread free while a busy
        // ledger makes this append wait for another process's transaction.
        return Task.Run(
            () =>
            {
                using var ledger = Ledger.Open(ledgerPath);
                return ledger.Append(e);
            },
            cancellationToken);
    }

    /// <summary>Like <see cref="AppendAsync(string, LedgerEvent, CancellationToken)"/> for several events, appended atomically as consecutive entries.</summary>
    /// <param name="ledgerPath">The ledger file.</param>
    /// <param name="events">The events; at least one.</param>
    /// <param name="cancellationToken">Cancels before the append starts.</param>
    /// <returns>The new entries' indexes.</returns>
    /// <exception cref="LedgerException">The ledger is missing, not a ledger, or cannot be written.</exception>
    /// <exception cref="ArgumentException">An event is invalid (nothing is appended).</exception>
    public static Task<IReadOnlyList<long>> AppendAsync(string ledgerPath, IReadOnlyList<LedgerEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgerPath);
        ArgumentNullException.ThrowIfNull(events);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.Run(
            () =>
            {
                using var ledger = Ledger.Open(ledgerPath);
                return ledger.AppendBatch(events);
            },
            cancellationToken);
    }
}
