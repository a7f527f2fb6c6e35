using System.Collections.Frozen;
using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Pickle;

/// <summary>How the policy judges an import.</summary>
internal enum PolicyVerdict
{
    /// <summary>On the allowlist.</summary>
    Allowed,

    /// <summary>On the denylist, or a dunder attribute.</summary>
    Denied,

    /// <summary>Neither.</summary>
    Unknown,
}

/// <summary>What a loads-like callable does with its first argument.</summary>
internal enum LoadsKind
{
    /// <summary>Not a loader.</summary>
    None,

    /// <summary>Unpickles it.</summary>
    Pickle,

    /// <summary>Loads a model file of any format from it.</summary>
    Any,
}

/// <summary>A decoding function the scanner evaluates on constants.</summary>
internal enum DecodeKind
{
    /// <summary>Not a decoder.</summary>
    None,

    /// <summary>Base64 text to bytes.</summary>
    Base64,

    /// <summary>zlib stream to bytes.</summary>
    Zlib,

    /// <summary>gzip stream to bytes.</summary>
    Gzip,

    /// <summary>Hex text to bytes.</summary>
    Hex,

    /// <summary><c>codecs.encode(text, "latin1")</c>: text to bytes, one byte per character.</summary>
    Latin1,

    /// <summary>Passes bytes through (<c>io.BytesIO</c>, <c>bytes</c>).</summary>
    Identity,
}

/// <summary>The judgement of one import.</summary>
/// <param name="Verdict">Allowed, denied or unknown.</param>
/// <param name="Subject">The callable to name in findings (for a match inside an attribute path, the matched part: <c>os.system</c>).</param>
/// <param name="Rule">For a denied import, the rule of its category.</param>
/// <param name="Severity">A severity other than the rule's, or <c>null</c>.</param>
/// <param name="Loads">Whether it deserialises its first argument.</param>
/// <param name="Decode">Whether the scanner evaluates it on constants.</param>
/// <param name="JoblibArray">Whether it is a joblib array wrapper followed by inline array bytes.</param>
internal sealed record PolicyDecision(
    PolicyVerdict Verdict, string Subject, ScanRule? Rule, Severity? Severity, LoadsKind Loads, DecodeKind Decode, bool JoblibArray);

/// <summary>
/// The allowlist and denylist of pickle globals, read from the embedded <c>Pickle/Data/pickle-policy.txt</c>. An
/// allow entry matches one exact name; a deny entry matches the name and everything below it, at the start of the
/// import or at any attribute component of its name.
/// </summary>
internal sealed class PicklePolicy
{
    private static readonly FrozenDictionary<string, ScanRule> Categories = new Dictionary<string, ScanRule>(StringComparer.Ordinal)
    {
        ["exec"] = PickleRules.CodeExecution,
        ["process"] = PickleRules.ProcessControl,
        ["network"] = PickleRules.NetworkAccess,
        ["file"] = PickleRules.FileAccess,
        ["import"] = PickleRules.ImportMachinery,
        ["deserialise"] = PickleRules.NestedDeserialisation,
        ["tamper"] = PickleRules.ScannerTampering,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenSet<string> _allow;
    private readonly FrozenDictionary<string, (ScanRule Rule, Severity? Severity)> _deny;
    private readonly FrozenDictionary<string, LoadsKind> _loads;
    private readonly FrozenDictionary<string, DecodeKind> _decode;
    private readonly FrozenSet<string> _joblibArrays;

    private PicklePolicy(IEnumerable<string> lines)
    {
        var allow = new HashSet<string>(StringComparer.Ordinal);
        var deny = new Dictionary<string, (ScanRule, Severity?)>(StringComparer.Ordinal);
        var loads = new Dictionary<string, LoadsKind>(StringComparer.Ordinal);
        var decode = new Dictionary<string, DecodeKind>(StringComparer.Ordinal);
        var joblib = new HashSet<string>(StringComparer.Ordinal);
        var section = string.Empty;
        var argument = string.Empty;
        foreach (var line in lines)
        {
            if (line.StartsWith('['))
            {
                var header = line.Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                section = header[0];
                argument = header.Length > 1 ? header[1] : string.Empty;
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = parts[0];
            switch (section)
            {
                case "allow":
                    allow.Add(name);
                    break;
                case "deny":
                    Severity? severity = parts.Length > 1 ? Enum.Parse<Severity>(parts[1].TrimStart('!'), ignoreCase: true) : null;
                    deny[name] = (Categories[argument], severity);
                    break;
                case "loads":
                    loads[name] = argument == "pickle" ? LoadsKind.Pickle : LoadsKind.Any;
                    deny.TryAdd(name, (PickleRules.NestedDeserialisation, null));
                    break;
                case "decode":
                    decode[name] = Enum.Parse<DecodeKind>(argument, ignoreCase: true);
                    break;
                case "joblib-array":
                    joblib.Add(name);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown section [{section}] in the pickle policy.");
            }
        }

        _allow = allow.ToFrozenSet(StringComparer.Ordinal);
        _deny = deny.ToFrozenDictionary(StringComparer.Ordinal);
        _loads = loads.ToFrozenDictionary(StringComparer.Ordinal);
        _decode = decode.ToFrozenDictionary(StringComparer.Ordinal);
        _joblibArrays = joblib.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The built-in policy.</summary>
    public static PicklePolicy Default { get; } = new(PickleNames.ReadResource("pickle-policy.txt"));

    /// <summary>Number of allow entries (for tests and documentation).</summary>
    public int AllowCount => _allow.Count;

    /// <summary>Number of deny entries (for tests and documentation).</summary>
    public int DenyCount => _deny.Count;

    /// <summary>Judges an import.</summary>
    /// <param name="module">Canonical module components.</param>
    /// <param name="name">Attribute path components.</param>
    /// <param name="userAllow">Extra names the user allows (<see cref="ScanOptions.AllowGlobals"/>).</param>
    /// <param name="raw">The import as written (<c>module.name</c>), also matched against <paramref name="userAllow"/>.</param>
    /// <returns>The decision.</returns>
    public PolicyDecision Classify(string[] module, string[] name, ImmutableArray<string> userAllow, string raw)
    {
        string[] full = [.. module, .. name];
        var canonical = string.Join('.', full);
        var loads = _loads.GetValueOrDefault(canonical, LoadsKind.None);
        var decode = _decode.GetValueOrDefault(canonical, DecodeKind.None);
        var joblib = _joblibArrays.Contains(canonical);
        if (_allow.Contains(canonical))
        {
            return new PolicyDecision(PolicyVerdict.Allowed, canonical, null, null, loads, decode, joblib);
        }

        if (FindDenied(full) is { } denied)
        {
            return new PolicyDecision(PolicyVerdict.Denied, canonical, denied.Rule, denied.Severity, loads, decode, joblib);
        }

        // An attribute path can walk from an innocent module into a dangerous one (pathlib + "os.system").
        for (var start = module.Length; start < full.Length; start++)
        {
            var tail = PickleNames.Dealias(full[start..]);
            if (FindDenied(tail) is { } reached)
            {
                var subject = string.Join('.', tail);
                return new PolicyDecision(
                    PolicyVerdict.Denied, subject, reached.Rule, reached.Severity, _loads.GetValueOrDefault(subject, loads), decode, joblib);
            }
        }

        if (Array.Exists(full, (part) => IsDunder(part) && part != "__main__") || Array.Exists(name, IsDunder))
        {
            return new PolicyDecision(PolicyVerdict.Denied, canonical, PickleRules.ImportMachinery, null, loads, decode, joblib);
        }

        if (userAllow.Contains(canonical, StringComparer.Ordinal) || userAllow.Contains(raw, StringComparer.Ordinal))
        {
            return new PolicyDecision(PolicyVerdict.Allowed, canonical, null, null, loads, decode, joblib);
        }

        return new PolicyDecision(PolicyVerdict.Unknown, canonical, null, null, loads, decode, joblib);
    }

    /// <summary>Whether a name component is a dunder (<c>__globals__</c>).</summary>
    /// <param name="part">The component.</param>
    /// <returns><c>true</c> for <c>__x__</c>.</returns>
    public static bool IsDunder(string part) =>
        part.Length > 4 && part.StartsWith("__", StringComparison.Ordinal) && part.EndsWith("__", StringComparison.Ordinal);

    private (ScanRule Rule, Severity? Severity)? FindDenied(string[] parts)
    {
        // The longest matching entry decides the category (torch.serialization before torch).
        for (var length = parts.Length; length > 0; length--)
        {
            if (_deny.TryGetValue(string.Join('.', parts, 0, length), out var entry))
            {
                return entry;
            }
        }

        return null;
    }
}
