using System.Collections.Immutable;
using System.Security.Cryptography;
using Rampart.IO;

namespace Rampart.Signing.Manifests;

/// <summary>
/// Hashes a model file or folder into the OMS files-mode resource list: SHA-256 per regular file, streamed in
/// 1 MiB chunks, names relative to the model root with <c>/</c>, sorted in <see cref="PosixPathComparer"/> order.
/// </summary>
public static class ModelHasher
{
    /// <summary>The read size, as in the reference implementation.</summary>
    public const int ChunkSize = 1 << 20;

    /// <summary>The files that <see cref="ManifestOptions.IgnoreGitPaths"/> leaves out at the model root.</summary>
    public static ImmutableArray<string> GitPaths { get; } = [".git", ".gitattributes", ".github", ".gitignore"];

    /// <summary>Hashes the model at <paramref name="modelPath"/> (a file, named <c>.</c>, or a folder).</summary>
    /// <exception cref="ManifestException">The model is missing, or holds a symbolic link or a special file.</exception>
    public static ModelManifest Hash(string modelPath, ManifestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= ManifestOptions.Default;
        var full = Path.GetFullPath(modelPath);
        var resources = new List<ManifestResource>();
        if (File.Exists(full))
        {
            var file = new FileInfo(full);
            Refuse(file, ".");
            resources.Add(new ManifestResource { Name = ".", Algorithm = "sha256", Digest = HashFile(full, cancellationToken) });
        }
        else if (Directory.Exists(full))
        {
            var root = new DirectoryInfo(full);
            if (root.LinkTarget is not null)
            {
                throw new ManifestException($"The model folder '{modelPath}' is a symbolic link; symbolic links are refused.");
            }

            var ignored = IgnoredPaths(full, options);
            Walk(root, "", ignored, resources, cancellationToken);
        }
        else
        {
            throw new ManifestException($"The model '{modelPath}' does not exist.");
        }

        resources.Sort((a, b) => PosixPathComparer.Instance.Compare(a.Name, b.Name));
        return new ModelManifest { Resources = [.. resources] };
    }

    /// <summary>Hashes one file with SHA-256 in 1 MiB chunks and returns lowercase hexadecimal.</summary>
    internal static string HashFile(string path, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Resolves ignore paths to model-relative <c>/</c> paths, dropping those outside the model.</summary>
    internal static HashSet<string> IgnoredPaths(string modelFolder, ManifestOptions options)
    {
        var candidates = new List<string>(options.IgnorePaths);
        if (options.IgnoreGitPaths)
        {
            candidates.AddRange(GitPaths);
        }

        if (options.SignaturePath is { Length: > 0 } signature)
        {
            candidates.Add(Path.GetFullPath(signature));
        }

        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (RelativeTo(modelFolder, candidate) is { } relative)
            {
                result.Add(relative);
            }
        }

        return result;
    }

    /// <summary>
    /// <paramref name="candidate"/> (model-relative or absolute) as a model-relative <c>/</c> path, or null when it is
    /// empty, the model folder itself, or outside it.
    /// </summary>
    internal static string? RelativeTo(string modelFolder, string candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return null;
        }

        var absolute = Path.IsPathRooted(candidate) ? Path.GetFullPath(candidate) : Path.GetFullPath(Path.Combine(modelFolder, candidate));
        var relative = Path.GetRelativePath(modelFolder, absolute).Replace(Path.DirectorySeparatorChar, '/');
        if (relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        return relative.TrimEnd('/');
    }

    private static bool IsIgnored(string relative, HashSet<string> ignored)
    {
        if (ignored.Contains(relative))
        {
            return true;
        }

        for (var slash = relative.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = relative.IndexOf('/', slash + 1))
        {
            if (ignored.Contains(relative[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static void Walk(DirectoryInfo folder, string prefix, HashSet<string> ignored, List<ManifestResource> resources, CancellationToken cancellationToken)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            if (IsIgnored(relative, ignored))
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                throw new ManifestException($"'{relative}' is a symbolic link; symbolic links are refused.");
            }

            if (entry is DirectoryInfo child)
            {
                Walk(child, relative, ignored, resources, cancellationToken);
                continue;
            }

            Refuse(entry, relative);
            resources.Add(new ManifestResource { Name = relative, Algorithm = "sha256", Digest = HashFile(entry.FullName, cancellationToken) });
        }
    }

    private static void Refuse(FileSystemInfo entry, string relative)
    {
        if (entry.LinkTarget is not null)
        {
            throw new ManifestException($"'{relative}' is a symbolic link; symbolic links are refused.");
        }

        if (!IsRegularFile(entry))
        {
            throw new ManifestException($"'{relative}' is not a regular file (a pipe, socket or device); special files are refused.");
        }
    }

    // Links were refused above, so stat(2) following links sees the entry itself.
    private static bool IsRegularFile(FileSystemInfo entry) => SystemFiles.IsRegularFile(entry.FullName) != false;
}
