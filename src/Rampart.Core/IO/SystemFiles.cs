using System.Runtime.InteropServices;

namespace Rampart.IO;

/// <summary>
/// Resolves the file paths a manifest names, refusing anything outside the system's folder: absolute paths,
/// <c>..</c> escapes and symbolic links (on the file or on any folder above it) that lead outside are never
/// followed, and only regular files are read, so a manifest cannot make Rampart read <c>/dev/zero</c> or a pipe
/// forever, or hash a file the assessor never meant to include.
/// </summary>
public static partial class SystemFiles
{
    /// <summary>The most symbolic links followed while resolving one path (as Linux's own limit).</summary>
    public const int MaxLinks = 40;

    /// <summary>Why a manifest path is not acceptable as written, or <c>null</c> when it is.</summary>
    /// <param name="path">The path as written in the manifest.</param>
    /// <returns>The reason, or <c>null</c>.</returns>
    public static string? CheckSyntax(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is empty";
        }

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

    /// <summary>Resolves a manifest path to a readable regular file inside <paramref name="baseDirectory"/>.</summary>
    /// <param name="baseDirectory">The system folder.</param>
    /// <param name="path">The path as written in the manifest.</param>
    /// <param name="fullPath">The resolved real path, when the result is <c>null</c>.</param>
    /// <returns><c>null</c> when the file can be read; otherwise why not, as a clause ("it does not exist").</returns>
    public static string? Resolve(string baseDirectory, string path, out string fullPath)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        ArgumentNullException.ThrowIfNull(path);
        fullPath = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (CheckSyntax(path) is { } syntax)
        {
            return $"its path {syntax}";
        }

        string root, real;
        try
        {
            root = RealPath(Path.GetFullPath(baseDirectory));
            real = RealPath(fullPath);
        }
        catch (IOException ex)
        {
            return $"it cannot be resolved ({ex.Message})";
        }
        catch (UnauthorizedAccessException)
        {
            return "it cannot be resolved (permission denied)";
        }

        if (string.Equals(Path.TrimEndingDirectorySeparator(real), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            return "it is the manifest's folder itself, not a file";
        }

        if (!IsInside(real, root))
        {
            return "it leads outside the manifest's folder through a symbolic link, which Rampart does not follow";
        }

        if (Directory.Exists(real))
        {
            return "it is a folder, not a file";
        }

        if (!File.Exists(real))
        {
            return "it does not exist";
        }

        if (IsRegularFile(real) == false)
        {
            return "it is not a regular file (a device, pipe or socket)";
        }

        fullPath = real;
        return null;
    }

    /// <summary>
    /// The path with every symbolic link resolved, component by component (like POSIX <c>realpath</c>), so that a
    /// linked folder anywhere on the way is seen.
    /// </summary>
    /// <param name="fullPath">An absolute path.</param>
    /// <returns>The real path.</returns>
    /// <exception cref="IOException">When more than <see cref="MaxLinks"/> links are met (a loop).</exception>
    public static string RealPath(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        var pending = new Stack<string>(Split(fullPath).Reverse());
        var current = Path.GetPathRoot(fullPath) ?? "/";
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("too many levels of symbolic links");
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
            }

            foreach (var piece in Split(target).Reverse())
            {
                pending.Push(piece);
            }
        }

        return current;
    }

    private static string[] Split(string path) => path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether <paramref name="path"/> lies strictly inside the folder <paramref name="root"/> (both real, absolute).</summary>
    /// <param name="path">A real path.</param>
    /// <param name="root">A real folder path.</param>
    /// <returns><c>true</c> when inside.</returns>
    public static bool IsInside(string path, string root)
    {
        var prefix = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>Whether a path is a regular file, by <c>stat(2)</c>; <c>null</c> where that cannot be asked.</summary>
    /// <param name="path">The path.</param>
    /// <returns><c>true</c> for a regular file, <c>false</c> for anything else, <c>null</c> when unknown.</returns>
    public static bool? IsRegularFile(string path)
    {
        // .NET reports devices and pipes as ordinary files, so ask the C library. The offset of st_mode in
        // struct stat is 24 on x86-64 and 16 on arm64 (glibc); elsewhere the question is not asked.
        int offset;
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        else if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            offset = 24;
        }
        else if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            offset = 16;
        }
        else
        {
            return null;
        }

        var buffer = new byte[256];
        if (NativeMethods.Stat(path, buffer) != 0)
        {
            return null;
        }

        const uint TypeMask = 0xF000, Regular = 0x8000;
        return (BitConverter.ToUInt32(buffer, offset) & TypeMask) == Regular;
    }

    /// <summary>How many hard links a file has, by <c>stat(2)</c>; <c>null</c> where that cannot be asked.</summary>
    /// <param name="path">The path (links are followed).</param>
    /// <returns>The link count, or <c>null</c> when unknown (not Linux on x64 or arm64, or stat failed).</returns>
    public static long? LinkCount(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        // st_nlink is 8 bytes at offset 16 on x86-64 and 4 bytes at offset 20 on arm64 (glibc).
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return null;
        }

        var buffer = new byte[256];
        if (NativeMethods.Stat(path, buffer) != 0)
        {
            return null;
        }

        return RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? BitConverter.ToInt64(buffer, 16)
            : BitConverter.ToUInt32(buffer, 20);
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Stat(string path, [Out] byte[] buffer);
    }
}
