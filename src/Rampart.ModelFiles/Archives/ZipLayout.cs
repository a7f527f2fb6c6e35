using System.Text.RegularExpressions;

namespace Rampart.ModelFiles.Archives;

/// <summary>What a zip archive is, recognised from its member names.</summary>
internal enum ZipFlavour
{
    /// <summary>A plain archive.</summary>
    Generic,

    /// <summary>A PyTorch checkpoint (<c>&lt;stem&gt;/data.pkl</c>, <c>&lt;stem&gt;/data/&lt;key&gt;</c>).</summary>
    PyTorch,

    /// <summary>A TorchScript archive (a PyTorch checkpoint with <c>code/</c>).</summary>
    TorchScript,

    /// <summary>A Keras 3 <c>.keras</c> archive (root <c>config.json</c> and <c>metadata.json</c>).</summary>
    Keras,

    /// <summary>A NumPy <c>.npz</c> archive (only <c>.npy</c> members).</summary>
    NumPy,
}

/// <summary>How the zip scanner treats a member.</summary>
internal enum MemberRole
{
    /// <summary>Sniffed and scanned.</summary>
    Regular,

    /// <summary>Raw PyTorch storage bytes: recorded, not interpreted (torch copies them without parsing).</summary>
    TensorData,

    /// <summary>TorchScript source: listed in one informational finding.</summary>
    TorchScriptCode,

    /// <summary>A Keras 3 <c>config.json</c>: scanned as a Keras configuration.</summary>
    KerasConfig,
}

/// <summary>The flavour of a zip archive and the role of each member.</summary>
internal sealed partial class ZipLayout
{
    private readonly HashSet<string> _torchPrefixes;

    private ZipLayout(ZipFlavour flavour, HashSet<string> torchPrefixes)
    {
        Flavour = flavour;
        _torchPrefixes = torchPrefixes;
    }

    /// <summary>The flavour.</summary>
    public ZipFlavour Flavour { get; }

    /// <summary>Whether the archive is a PyTorch or TorchScript checkpoint.</summary>
    public bool IsPyTorch => Flavour is ZipFlavour.PyTorch or ZipFlavour.TorchScript;

    /// <summary>Recognises the flavour from the central directory names.</summary>
    /// <param name="entries">The entries.</param>
    /// <returns>The layout.</returns>
    public static ZipLayout Detect(IReadOnlyList<ZipEntry> entries)
    {
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var match = TorchRecord().Match(entry.Name);
            if (match.Success)
            {
                prefixes.Add(match.Groups[1].Value);
            }
        }

        if (prefixes.Count > 0)
        {
            var script = entries.Any(entry => prefixes.Any(prefix => entry.Name.StartsWith(prefix + "/code/", StringComparison.Ordinal)));
            return new ZipLayout(script ? ZipFlavour.TorchScript : ZipFlavour.PyTorch, prefixes);
        }

        var names = entries.Select(entry => entry.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Contains("config.json") && names.Contains("metadata.json"))
        {
            return new ZipLayout(ZipFlavour.Keras, prefixes);
        }

        var files = entries.Where(entry => !entry.IsDirectory).ToList();
        return files.Count > 0 && files.All(entry => entry.Name.EndsWith(".npy", StringComparison.Ordinal))
            ? new ZipLayout(ZipFlavour.NumPy, prefixes)
            : new ZipLayout(ZipFlavour.Generic, prefixes);
    }

    /// <summary>How to treat a member.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The role.</returns>
    public MemberRole RoleOf(string name)
    {
        if (Flavour == ZipFlavour.Keras)
        {
            return name == "config.json" ? MemberRole.KerasConfig : MemberRole.Regular;
        }

        foreach (var prefix in _torchPrefixes)
        {
            if (name.StartsWith(prefix + "/data/", StringComparison.Ordinal) && name.IndexOf('/', prefix.Length + 6) < 0 && name.Length > prefix.Length + 6)
            {
                return MemberRole.TensorData;
            }

            if (name.StartsWith(prefix + "/code/", StringComparison.Ordinal) && name.EndsWith(".py", StringComparison.Ordinal))
            {
                return MemberRole.TorchScriptCode;
            }
        }

        return MemberRole.Regular;
    }

    /// <summary>Whether a pickle member is one PyTorch itself reads (data.pkl, constants.pkl, attributes.pkl, TorchScript debug pickles).</summary>
    /// <param name="name">The member name.</param>
    /// <returns>Whether it is expected.</returns>
    public bool IsExpectedPickle(string name) =>
        _torchPrefixes.Any(prefix =>
            name == prefix + "/data.pkl" || name == prefix + "/constants.pkl" || name == prefix + "/attributes.pkl"
            || (name.StartsWith(prefix + "/code/", StringComparison.Ordinal) && name.EndsWith(".debug_pkl", StringComparison.Ordinal)));

    [GeneratedRegex("^([^/]+)/data\\.pkl$", RegexOptions.CultureInvariant)]
    private static partial Regex TorchRecord();
}
