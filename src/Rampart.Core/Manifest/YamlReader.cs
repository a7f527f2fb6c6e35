using System.Globalization;
using Rampart.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Rampart.Manifest;

/// <summary>
/// Schema-driven reading of a YAML tree that collects every problem with its line and column instead of stopping
/// at the first. Each <c>Map</c> call names the keys a mapping may hold; any other key is a problem.
/// </summary>
internal sealed class YamlReader(string file)
{
    private readonly List<Problem> _problems = [];

    // The mapping node each dictionary was read from, so that a missing key is reported where its mapping starts.
    private readonly Dictionary<Dictionary<string, YamlNode>, YamlNode> _owners = new(ReferenceEqualityComparer.Instance);

    public IReadOnlyList<Problem> Problems => _problems;

    public static SourcePosition PositionOf(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

    public void Error(YamlNode? node, string field, string message) =>
        _problems.Add(new Problem
        {
            File = file,
            Line = node is null ? 0 : (int)node.Start.Line,
            Column = node is null ? 0 : (int)node.Start.Column,
            Field = field,
            Message = message,
        });

    public void Error(Mark mark, string field, string message) =>
        _problems.Add(new Problem { File = file, Line = (int)mark.Line, Column = (int)mark.Column, Field = field, Message = message });

    /// <summary>Reads a mapping, reporting unknown keys with a suggestion; returns null (and reports) when the node is not a mapping.</summary>
    public Dictionary<string, YamlNode>? Map(YamlNode? node, string field, IReadOnlyCollection<string> allowed)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, field, $"Expected a mapping of keys ({string.Join(", ", allowed)}).");
            return null;
        }

        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var path = Join(field, key);
            if (!allowed.Contains(key))
            {
                Error(keyNode, path, $"Unknown key '{key}'.{Suggestions.DidYouMean(key, allowed)}");
            }
            else if (!result.TryAdd(key, value))
            {
                Error(keyNode, path, $"Duplicate key '{key}'.");
            }
        }

        _owners[result] = mapping;
        return result;
    }

    public IReadOnlyList<YamlNode> Sequence(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return [.. sequence.Children];
            case YamlScalarNode { Value: null or "" or "~" or "null" }:
                return [];
            default:
                Error(node, field, "Expected a list.");
                return [];
        }
    }

    public string? String(Dictionary<string, YamlNode>? map, string key, string field, bool required = false)
    {
        var path = Join(field, key);
        if (map is null || !map.TryGetValue(key, out var node) || IsNull(node))
        {
            if (required && map is not null)
            {
                Error(_owners.GetValueOrDefault(map), path, $"Missing required key '{key}'.");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, "Expected a single value, not a list or mapping.");
            return null;
        }

        var value = scalar.Value?.Trim();
        if (required && string.IsNullOrEmpty(value))
        {
            Error(node, path, "Must not be empty.");
            return null;
        }

        return value;
    }

    public int? Int(Dictionary<string, YamlNode>? map, string key, string field, int min, int max)
    {
        var text = String(map, key, field);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(map![key], Join(field, key), $"'{text}' is not a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public double? Number(YamlNode node, string field)
    {
        var text = (node as YamlScalarNode)?.Value;
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, $"'{text}' is not a number.");
            return null;
        }

        return value;
    }

    public DateOnly? Date(Dictionary<string, YamlNode>? map, string key, string field, bool required = false)
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Error(map![key], Join(field, key), $"'{text}' is not a date in the form YYYY-MM-DD.");
            return null;
        }

        return value;
    }

    public string? OneOf(Dictionary<string, YamlNode>? map, string key, string field, IReadOnlyCollection<string> allowed, bool required = false)
    {
        var text = String(map, key, field, required);
        if (text is null)
        {
            return null;
        }

        if (!allowed.Contains(text))
        {
            Error(map![key], Join(field, key), $"'{text}' is not one of {string.Join(", ", allowed)}.{Suggestions.DidYouMean(text, allowed)}");
            return null;
        }

        return text;
    }

    public List<string> Strings(Dictionary<string, YamlNode>? map, string key, string field)
    {
        var result = new List<string>();
        if (map is null || !map.TryGetValue(key, out var node))
        {
            return result;
        }

        var path = Join(field, key);
        if (node is YamlScalarNode scalar && !IsNull(scalar))
        {
            result.Add(scalar.Value!.Trim());
            return result;
        }

        foreach (var (item, i) in Sequence(node, path).Select((n, i) => (n, i)))
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } value })
            {
                result.Add(value.Trim());
            }
            else
            {
                Error(item, $"{path}[{i}]", "Expected a text value.");
            }
        }

        return result;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not ScalarStyle.SingleQuoted and not ScalarStyle.DoubleQuoted } s
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static string Join(string field, string key) => field.Length == 0 ? key : $"{field}.{key}";
}
