using System.CommandLine;
using Rampart.IO;
using Rampart.Ledger;
using Rampart.Ledger.Events;
using Rampart.Manifest;
using Rampart.Signing.Manifests;

namespace Rampart.Cli;

/// <summary>
/// Records the events of <c>assess</c>, <c>scan</c>, <c>sign</c> and <c>label</c> in the ledger a system's manifest
/// names (<c>ledger:</c>). Commands find the ledger before they start, so a ledger that cannot be written stops the
/// command before any work is done, and append once their work succeeded.
/// </summary>
internal static class LedgerRecorder
{
    /// <summary>The <c>--manifest</c> option of scan, sign and label.</summary>
    public static Option<string?> ManifestOption() => new("--manifest")
    {
        Description = "The system's rampart.yaml (or its folder) whose ledger records this event. Default: the nearest rampart.yaml in the path's folder or above it; none found, nothing is recorded.",
    };

    /// <summary>
    /// Finds where events about <paramref name="targetPath"/> are recorded: the manifest given with
    /// <c>--manifest</c>, or the nearest <c>rampart.yaml</c> at or above the path. Returns <c>null</c> when no manifest
    /// names a ledger.
    /// </summary>
    /// <param name="context">The command's context, for warnings.</param>
    /// <param name="manifestOption">The <c>--manifest</c> value, or <c>null</c>.</param>
    /// <param name="targetPath">The file or folder the command works on.</param>
    /// <param name="error">A message when the manifest given or found names a ledger that cannot be used.</param>
    /// <returns>The ledger to record in, or <c>null</c>.</returns>
    public static LedgerTarget? Find(CliContext context, string? manifestOption, string targetPath, out string? error)
    {
        error = null;
        string? manifestFile;
        if (manifestOption is not null)
        {
            manifestFile = Directory.Exists(manifestOption) ? Path.Combine(manifestOption, ManifestReader.FileName) : manifestOption;
            if (!File.Exists(manifestFile))
            {
                error = $"--manifest: '{manifestFile}' does not exist.";
                return null;
            }
        }
        else
        {
            manifestFile = Nearest(targetPath);
            if (manifestFile is null)
            {
                return null;
            }
        }

        var read = ManifestReader.ReadPath(manifestFile, context.Catalogue);
        if (!read.IsValid)
        {
            var first = read.Problems[0];
            if (manifestOption is not null)
            {
                error = $"--manifest: '{manifestFile}' has {read.Problems.Length} problem(s), the first: {first}";
                return null;
            }

            context.Error.WriteLine($"warning: not recorded in a ledger: '{manifestFile}' has {read.Problems.Length} problem(s), the first: {first}");
            return null;
        }

        return Target(read.Value!, out error);
    }

    /// <summary>The ledger of a manifest already read, or <c>null</c> when it names none.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="error">A message when the ledger named cannot be used.</param>
    /// <returns>The ledger to record in, or <c>null</c>.</returns>
    public static LedgerTarget? Target(SystemManifest manifest, out string? error)
    {
        error = null;
        if (manifest.Ledger is not { } settings)
        {
            return null;
        }

        var expected = Path.GetFullPath(Path.Combine(manifest.BaseDirectory, settings.Path));
        if (!File.Exists(expected) && !Directory.Exists(expected))
        {
            error = $"{manifest.FilePath}: the ledger '{settings.Path}' does not exist; create it with 'rampart ledger init {expected} --origin <name>'.";
            return null;
        }

        if (SystemFiles.Resolve(manifest.BaseDirectory, settings.Path, out var full) is { } reason)
        {
            error = $"{manifest.FilePath}: ledger.path '{settings.Path}' {reason}";
            return null;
        }

        return new LedgerTarget(manifest, full);
    }

    /// <summary>A subject for a file or model folder: its path relative to the system folder and its digest.</summary>
    /// <param name="target">The ledger and manifest.</param>
    /// <param name="path">A file (its SHA-256) or a folder (the OpenSSF Model Signing root digest of its files).</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <returns>The subject.</returns>
    /// <exception cref="IOException">The path cannot be read.</exception>
    public static async Task<EventSubject> SubjectAsync(LedgerTarget target, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var full = Path.GetFullPath(path);
        string digest;
        if (Directory.Exists(full))
        {
            try
            {
                digest = ModelHasher.Hash(full, null, cancellationToken).RootDigest;
            }
            catch (ManifestException ex)
            {
                throw new IOException(ex.Message, ex);
            }
        }
        else
        {
            digest = await FileHasher.Sha256HexAsync(full, cancellationToken).ConfigureAwait(false);
        }

        return new EventSubject(target.NameOf(full), digest);
    }

    /// <summary>Appends one event; prints where it was recorded, or an error.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="target">The ledger.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="subjects">What it is about.</param>
    /// <param name="details">Kind-specific details.</param>
    /// <param name="cancellationToken">Cancels before the append starts.</param>
    /// <returns>Whether the event was recorded.</returns>
    public static async Task<bool> RecordAsync(CliContext context, LedgerTarget target, EventKind kind, IEnumerable<EventSubject> subjects, IReadOnlyDictionary<string, DetailValue> details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        var manifest = target.Manifest;
        try
        {
            var actor = manifest.Ledger!.Actor ?? Environment.UserName;
            var e = LedgerEvent.Create(kind, actor, manifest.System.Name, subjects, details, context.Time);
            var index = await LedgerWriter.AppendAsync(target.LedgerPath, e, cancellationToken).ConfigureAwait(false);
            context.Error.WriteLine($"Recorded in the ledger '{manifest.Ledger.Path}' as entry {index} ({EventKinds.Name(kind)}).");
            return true;
        }
        catch (Exception ex) when (ex is LedgerException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: not recorded in the ledger '{target.LedgerPath}': {ex.Message}");
            return false;
        }
    }

    private static string? Nearest(string targetPath)
    {
        var full = Path.GetFullPath(targetPath);
        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        for (var depth = 0; folder is not null && depth < 64; depth++)
        {
            var candidate = Path.Combine(folder, ManifestReader.FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            folder = Path.GetDirectoryName(folder);
        }

        return null;
    }
}

/// <summary>A ledger named by a manifest, ready for appending.</summary>
/// <param name="Manifest">The system's manifest.</param>
/// <param name="LedgerPath">The ledger file's full path.</param>
internal sealed record LedgerTarget(SystemManifest Manifest, string LedgerPath)
{
    /// <summary>A subject name: the path relative to the system folder with '/', or the full path when outside it.</summary>
    /// <param name="fullPath">A full path.</param>
    /// <returns>The name.</returns>
    public string NameOf(string fullPath)
    {
        var root = Path.GetFullPath(Manifest.BaseDirectory);
        var relative = Path.GetRelativePath(root, fullPath);
        return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? fullPath
            : relative.Replace('\\', '/');
    }
}
