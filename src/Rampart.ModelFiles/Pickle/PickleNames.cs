using System.Collections.Frozen;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Resolves the (module, name) pair of a pickle import the way CPython's <c>find_class</c> does, to one canonical
/// dotted path: Python 2 names mapped through <c>_compat_pickle</c>, the dotted name split into attribute components,
/// and the C-accelerator module aliases replaced by their public module (<c>posix</c> is <c>os</c>).
/// </summary>
internal static class PickleNames
{
    private static readonly FrozenDictionary<string, string> ModuleMapping;
    private static readonly FrozenDictionary<(string Module, string Name), (string Module, string Name)> NameMapping;

    /// <summary>Modules that are another module under a private or platform name.</summary>
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["posix"] = "os",
        ["nt"] = "os",
        ["posixpath"] = "os.path",
        ["ntpath"] = "os.path",
        ["_operator"] = "operator",
        ["_io"] = "io",
        ["_pickle"] = "pickle",
        ["cPickle"] = "pickle",
        ["_codecs"] = "codecs",
        ["_socket"] = "socket",
        ["_ssl"] = "ssl",
        ["_signal"] = "signal",
        ["__builtin__"] = "builtins",
        ["__builtins__"] = "builtins",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    static PickleNames()
    {
        var modules = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<(string, string), (string, string)>();
        foreach (var line in ReadResource("compat-pickle.txt"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is ["module", var from, var to])
            {
                modules[from] = to;
            }
            else if (parts is ["name", var fromModule, var fromName, var toModule, var toName])
            {
                names[(fromModule, fromName)] = (toModule, toName);
            }
        }

        ModuleMapping = modules.ToFrozenDictionary(StringComparer.Ordinal);
        NameMapping = names.ToFrozenDictionary();
    }

    /// <summary>
    /// The canonical dotted components of an import. Python 2 names are mapped at every protocol (CPython maps them
    /// only below protocol 3, where a Python 2 name fails to import; reporting what it would reach errs on the safe
    /// side), and dotted names are resolved attribute by attribute at every protocol.
    /// </summary>
    /// <param name="module">The module as written in the pickle.</param>
    /// <param name="name">The qualified name as written in the pickle.</param>
    /// <returns>The module's components (after aliases) and the name's components.</returns>
    public static (string[] Module, string[] Name) Resolve(string module, string name)
    {
        if (NameMapping.TryGetValue((module, name), out var mapped))
        {
            (module, name) = mapped;
        }
        else if (ModuleMapping.TryGetValue(module, out var mappedModule))
        {
            module = mappedModule;
        }

        var moduleParts = module.Split('.');
        if (Aliases.TryGetValue(moduleParts[0], out var alias))
        {
            moduleParts = [.. alias.Split('.'), .. moduleParts[1..]];
        }
        else if (Aliases.TryGetValue(module, out alias))
        {
            moduleParts = alias.Split('.');
        }

        return (moduleParts, name.Split('.'));
    }

    /// <summary>Replaces a leading alias in dotted components (used for attribute paths that start with a module name).</summary>
    /// <param name="parts">Components.</param>
    /// <returns>The components with the first one de-aliased.</returns>
    public static string[] Dealias(string[] parts) =>
        parts.Length > 0 && Aliases.TryGetValue(parts[0], out var alias) ? [.. alias.Split('.'), .. parts[1..]] : parts;

    /// <summary>Reads an embedded data file's meaningful lines (no comments, no blank lines).</summary>
    /// <param name="name">The file name under <c>Pickle/Data</c>.</param>
    /// <returns>Trimmed lines.</returns>
    internal static IEnumerable<string> ReadResource(string name)
    {
        var assembly = typeof(PickleNames).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(candidate => candidate.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && text[0] != '#')
            {
                lines.Add(text);
            }
        }

        return lines;
    }
}
