using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Rampart.Ledger.Storage;

/// <summary>
/// A ledger in one SQLite file: tables <c>meta</c> (format, origin, verifier key, size), <c>entries</c> (index,
/// bytes, leaf hash), <c>nodes</c> (every perfect subtree hash, see <see cref="StoredTree"/>) and
/// <c>checkpoints</c>. WAL journal, <c>synchronous=FULL</c>, and every append is one <c>BEGIN IMMEDIATE</c>
/// transaction, so a crash leaves the ledger as it was before or after an append, and appenders in other processes
/// wait for the write lock (up to the busy timeout) instead of interleaving.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>The format marker stored in <c>meta</c>.</summary>
    public const string Format = "rampart-ledger/1";

    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(60);

    private const string Schema = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE entries (idx INTEGER PRIMARY KEY, data BLOB NOT NULL, leaf_hash BLOB NOT NULL);
        CREATE TABLE nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
        CREATE TABLE checkpoints (id INTEGER PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly string _path;
    private SqliteTransaction? _transaction;
    private SqliteCommand? _readLeaf;
    private SqliteCommand? _readNode;
    private SqliteCommand? _readMany;

    private SqliteLedgerStore(SqliteConnection connection, string path, LedgerMetadata metadata)
    {
        _connection = connection;
        _path = path;
        Metadata = metadata;
    }

    /// <inheritdoc/>
    public LedgerMetadata Metadata { get; }

    /// <summary>The database file.</summary>
    public string Path => _path;

    /// <inheritdoc/>
    public long Size => ReadSize();

    /// <summary>Creates a new ledger file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; it must not exist.</param>
    /// <param name="metadata">The origin and verifier key.</param>
    /// <exception cref="LedgerException">The file exists or cannot be created.</exception>
    public static SqliteLedgerStore Create(string path, LedgerMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new LedgerException($"'{path}' already exists; a new ledger needs a new file.");
        }

        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        try
        {
            Execute(connection, null, "PRAGMA journal_mode=WAL;");
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, Schema);
            foreach (var (key, value) in new[] { ("format", Format), ("origin", metadata.Origin), ("verifier", metadata.VerifierKey), ("size", "0") })
            {
                Execute(connection, transaction, "INSERT INTO meta (key, value) VALUES ($k, $v);", ("$k", key), ("$v", value));
            }

            transaction.Commit();
            return new SqliteLedgerStore(connection, path, metadata);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LedgerException($"Cannot create the ledger '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>Opens an existing ledger file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="LedgerException">The file does not exist or is not a Rampart ledger.</exception>
    public static SqliteLedgerStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new LedgerException($"The ledger '{path}' does not exist; create it with 'rampart ledger init {path} --origin NAME'.");
        }

        SqliteConnection? connection = null;
        try
        {
            connection = Connect(path, SqliteOpenMode.ReadWrite);
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var command = Command(connection, null, "SELECT key, value FROM meta;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    meta[reader.GetString(0)] = reader.GetString(1);
                }
            }

            if (!meta.TryGetValue("format", out var format) || format != Format)
            {
                throw new LedgerException($"'{path}' is not a Rampart ledger (format '{format ?? "none"}', expected '{Format}').");
            }

            if (!meta.TryGetValue("origin", out var origin) || !meta.TryGetValue("verifier", out var verifier) || !meta.ContainsKey("size"))
            {
                throw new LedgerException($"The ledger '{path}' lacks its origin, verifier key or size in table meta.");
            }

            var store = new SqliteLedgerStore(connection, path, new LedgerMetadata(origin, verifier));
            connection = null;
            return store;
        }
        catch (SqliteException ex)
        {
            throw new LedgerException($"'{path}' is not a readable Rampart ledger: {ex.Message}", ex);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <inheritdoc/>
    public long Append(IReadOnlyList<LedgerRecord> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count);
        if (_transaction is not null)
        {
            throw new InvalidOperationException("Cannot append inside a read snapshot.");
        }

        // BEGIN IMMEDIATE takes the write lock before reading the size, so two appenders never both read size n.
        using var transaction = _connection.BeginTransaction(deferred: false);
        _transaction = transaction;
        try
        {
            var first = ReadSize();
            using (var insert = Command(_connection, transaction, "INSERT INTO entries (idx, data, leaf_hash) VALUES ($i, $d, $h);"))
            {
                var index = insert.Parameters.Add("$i", SqliteType.Integer);
                var data = insert.Parameters.Add("$d", SqliteType.Blob);
                var hash = insert.Parameters.Add("$h", SqliteType.Blob);
                insert.Prepare();
                for (var j = 0; j < entries.Count; j++)
                {
                    index.Value = first + j;
                    data.Value = entries[j].Data;
                    hash.Value = entries[j].LeafHash;
                    insert.ExecuteNonQuery();
                }
            }

            var nodes = StoredTree.NewNodes(first, [.. entries.Select(e => e.LeafHash)], ReadHash);
            if (nodes.Count > 0)
            {
                using var insert = Command(_connection, transaction, "INSERT INTO nodes (level, idx, hash) VALUES ($l, $i, $h);");
                var level = insert.Parameters.Add("$l", SqliteType.Integer);
                var index = insert.Parameters.Add("$i", SqliteType.Integer);
                var hash = insert.Parameters.Add("$h", SqliteType.Blob);
                insert.Prepare();
                foreach (var node in nodes)
                {
                    level.Value = node.Level;
                    index.Value = node.Index;
                    hash.Value = node.Hash;
                    insert.ExecuteNonQuery();
                }
            }

            Execute(_connection, transaction, "UPDATE meta SET value = $v WHERE key = 'size';", ("$v", (first + entries.Count).ToString(CultureInfo.InvariantCulture)));
            transaction.Commit();
            return first;
        }
        catch (SqliteException ex)
        {
            throw new LedgerException($"Cannot append to the ledger '{_path}': {ex.Message}", ex);
        }
        finally
        {
            _transaction = null;
        }
    }

    /// <inheritdoc/>
    public IEnumerable<StoredEntry> ReadEntries(long from, long count)
    {
        using var command = Command(_connection, _transaction, "SELECT idx, data, leaf_hash FROM entries WHERE idx >= $from AND idx < $end ORDER BY idx;", ("$from", from), ("$end", from + Math.Min(count, long.MaxValue - from)));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredEntry(reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2));
        }
    }

    /// <inheritdoc/>
    public byte[]? ReadHash(int level, long index)
    {
        // Proofs read dozens of hashes: keep the two statements prepared instead of compiling SQL per read.
        if (level == 0)
        {
            _readLeaf ??= Prepared("SELECT leaf_hash FROM entries WHERE idx = $i;", "$i");
            _readLeaf.Transaction = _transaction;
            _readLeaf.Parameters[0].Value = index;
            return _readLeaf.ExecuteScalar() as byte[];
        }

        _readNode ??= Prepared("SELECT hash FROM nodes WHERE idx = $i AND level = $l;", "$i", "$l");
        _readNode.Transaction = _transaction;
        _readNode.Parameters[0].Value = index;
        _readNode.Parameters[1].Value = level;
        return _readNode.ExecuteScalar() as byte[];
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<(int Level, long Index), byte[]> ReadHashes(IReadOnlyCollection<(int Level, long Index)> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new Dictionary<(int Level, long Index), byte[]>(keys.Count);
        if (keys.Count == 0)
        {
            return result;
        }

        // One prepared statement for any number of keys: the keys travel as one JSON array of integers
        // (level << 48 | index), and each is an indexed lookup, so a proof costs one statement, not one per hash.
        _readMany ??= Command(_connection, _transaction, """
            SELECT k.value,
                   CASE k.value >> 48
                       WHEN 0 THEN (SELECT leaf_hash FROM entries WHERE idx = k.value)
                       ELSE (SELECT hash FROM nodes WHERE idx = (k.value & 281474976710655) AND level = (k.value >> 48))
                   END
            FROM json_each($keys) AS k;
            """);
        if (_readMany.Parameters.Count == 0)
        {
            _readMany.Parameters.Add("$keys", SqliteType.Text);
        }

        var json = new System.Text.StringBuilder("[");
        foreach (var (level, index) in keys)
        {
            if (level < 0 || level > 62 || index < 0 || index >= 1L << 48)
            {
                throw new ArgumentOutOfRangeException(nameof(keys), $"({level}, {index}) is not a stored hash position.");
            }

            json.Append(json.Length > 1 ? "," : string.Empty).Append(((long)level << 48 | index).ToString(CultureInfo.InvariantCulture));
        }

        _readMany.Transaction = _transaction;
        _readMany.Parameters[0].Value = json.Append(']').ToString();
        using var reader = _readMany.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(1))
            {
                var key = reader.GetInt64(0);
                result[((int)(key >> 48), key & ((1L << 48) - 1))] = (byte[])reader.GetValue(1);
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public IEnumerable<StoredNode> ReadNodes(int level)
    {
        using var command = Command(_connection, _transaction, "SELECT idx, hash FROM nodes WHERE level = $l ORDER BY idx;", ("$l", level));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredNode(level, reader.GetInt64(0), (byte[])reader.GetValue(1));
        }
    }

    /// <inheritdoc/>
    public int HighestNodeLevel()
    {
        using var command = Command(_connection, _transaction, "SELECT MAX(level) FROM nodes;");
        return command.ExecuteScalar() is long level ? (int)level : 0;
    }

    /// <inheritdoc/>
    public void AddCheckpoint(long size, byte[] root, string note)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(note);
        using var transaction = _connection.BeginTransaction(deferred: false);
        using (var last = Command(_connection, transaction, "SELECT MAX(size) FROM checkpoints;"))
        {
            if (last.ExecuteScalar() is long lastSize && lastSize > size)
            {
                throw new LedgerException($"A checkpoint of size {lastSize} was written to '{_path}' meanwhile; a checkpoint of size {size} would go backwards.");
            }
        }

        Execute(_connection, transaction, "INSERT INTO checkpoints (size, root, note) VALUES ($s, $r, $n);", ("$s", size), ("$r", root), ("$n", note));
        transaction.Commit();
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredCheckpoint> ReadCheckpoints()
    {
        var checkpoints = new List<StoredCheckpoint>();
        using var command = Command(_connection, _transaction, "SELECT id, size, root, note FROM checkpoints ORDER BY id;");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            checkpoints.Add(new StoredCheckpoint(reader.GetInt64(0), reader.GetInt64(1), reader.GetValue(2) as byte[] ?? [], reader.GetString(3)));
        }

        return checkpoints;
    }

    /// <inheritdoc/>
    public IDisposable BeginSnapshot()
    {
        if (_transaction is not null)
        {
            throw new InvalidOperationException("A snapshot is already open.");
        }

        _transaction = _connection.BeginTransaction(deferred: true);

        // A deferred transaction takes its WAL snapshot at the first read; read now so the snapshot starts here.
        _ = ReadSize();
        return new Snapshot(this);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _readLeaf?.Dispose();
        _readNode?.Dispose();
        _readMany?.Dispose();
        _transaction?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepared(string sql, params string[] parameters)
    {
        var command = Command(_connection, _transaction, sql);
        foreach (var name in parameters)
        {
            command.Parameters.Add(name, SqliteType.Integer);
        }

        return command;
    }

    private long ReadSize()
    {
        using var command = Command(_connection, _transaction, "SELECT value FROM meta WHERE key = 'size';");
        var text = command.ExecuteScalar() as string;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new LedgerException($"The size recorded in '{_path}' ('{text}') is not a number.");
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=FULL;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of this class; values go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private sealed class Snapshot(SqliteLedgerStore store) : IDisposable
    {
        public void Dispose()
        {
            store._transaction?.Dispose();
            store._transaction = null;
        }
    }
}
