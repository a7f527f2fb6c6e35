namespace Rampart.IO;

/// <summary>
/// Resolves the file paths a manifest names, refusing anything outside the system's folder: absolute paths,
/// <c>..</c> escapes and symbolic links whose target lies outside are never followed (a manifest could otherwise
/// make Rampart read <c>/dev/zero</c> forever or hash a file the assessor never meant to include).
/// </summary>
public static class SystemFiles
{
    /// <summary>Why a manifest path is not acceptable as written, or <c>null</c> when it is.</summary>
    /// <param name="path">The path as written in the manifest.</param>
    /// <returns>The reason, or <c>null</c>.</returns>
    public static string? CheckSyntax(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Any(char.IsControl))
        {
            return "contains a control character";
        }

        if (Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            return "must be relative to the manifest's folder";
        }

        var depth = 0;
        foreach (var part in path.Split('/', '\\'))
        {
            depth += part switch
            {
                ".." => -1,
                "" or "." => 0,
                _ => 1,
            };
            if (depth < 0)
            {
                return "leaves the manifest's folder ('..')";
            }
        }

        return null;
    }

    /// <summary>Resolves a manifest path to a readable file inside <paramref name="baseDirectory"/>.</summary>
    /// <param name="baseDirectory">The system folder.</param>
    /// <param name="path">The path as written in the manifest.</param>
    /// <param name="fullPath">The resolved path, when the result is <c>null</c>.</param>
    /// <returns><c>null</c> when the file can be read; otherwise why not ("does not exist", "is a folder", ...).</returns>
    public static string? Resolve(string baseDirectory, string path, out string fullPath)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        ArgumentNullException.ThrowIfNull(path);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)) + Path.DirectorySeparatorChar;
        fullPath = Path.GetFullPath(Path.Combine(root, path));
        if (CheckSyntax(path) is { } syntax)
        {
            return syntax;
        }

        if (!fullPath.StartsWith(root, StringComparison.Ordinal))
        {
            return "leaves the manifest's folder";
        }

        if (Directory.Exists(fullPath))
        {
            return "is a folder, not a file";
        }

        var info = new FileInfo(fullPath);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal))
            {
                return "is a symbolic link that leads outside the manifest's folder, which Rampart does not follow";
            }
        }

        return info.Exists ? null : "does not exist";
    }
}
