using System.Collections.Immutable;
using System.Text.Json;

namespace Rampart.ModelFiles.SafeTensors;

/// <summary>
/// Reads a SafeTensors JSON header token by token, as serde would deserialize it, but sees what serde hides:
/// duplicate keys (serde keeps the last tensor of a name) and fields it ignores. Nesting is bounded by
/// <see cref="ScanLimits.MaxStructureDepth"/>.
/// </summary>
internal ref struct SafeTensorsHeaderParser
{
    private const string MetadataKey = "__metadata__";
    private readonly byte[] _header;
    private readonly ScanLocation _location;
    private readonly ScanSession _session;
    private readonly int _maxDepth;
    private Utf8JsonReader _reader;
    private long _end;

    public SafeTensorsHeaderParser(byte[] header, ScanLocation location, ScanSession session)
    {
        _header = header;
        _location = location;
        _session = session;
        _maxDepth = Math.Max(4, session.Limits.MaxStructureDepth);
        _reader = new Utf8JsonReader(header, new JsonReaderOptions
        {
            // Checked by hand (SkipValue) so that deep nesting is a limit, not a JSON error.
            MaxDepth = _maxDepth + 2,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });
    }

    /// <summary>The tensors; when a name repeats, the last entry (as serde keeps it).</summary>
    /// <returns>The entries.</returns>
    public List<TensorEntry> Parse()
    {
        var tensors = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        try
        {
            Read();
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error($"The header is a JSON {Describe(_reader.TokenType)}, not an object.");
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (Read() && _reader.TokenType == JsonTokenType.PropertyName)
            {
                _session.CancellationToken.ThrowIfCancellationRequested();
                var offset = 8 + _reader.TokenStartIndex;
                var name = _reader.GetString()!;
                if (!keys.Add(name))
                {
                    _session.Report(
                        SafeTensorsRules.DuplicateKey,
                        $"The header has the key '{name}' more than once; the reference loader silently keeps the last one.",
                        _location.At(offset).AtNode(name));
                }

                Read();
                if (name == MetadataKey)
                {
                    ParseMetadata();
                    continue;
                }

                tensors[name] = ParseTensor(name, offset);
            }

            _end = _reader.BytesConsumed;
            if (_reader.Read())
            {
                throw Error("The header has content after its JSON object.");
            }
        }
        catch (JsonException error)
        {
            throw new MalformedFileException(
                SafeTensorsRules.InvalidHeaderDeserialization.Id,
                $"The header is not valid JSON: {error.Message}",
                8 + _reader.BytesConsumed);
        }
        catch (InvalidOperationException error)
        {
            throw new MalformedFileException(
                SafeTensorsRules.InvalidHeaderDeserialization.Id,
                $"The header has an invalid JSON value: {error.Message}",
                8 + _reader.TokenStartIndex);
        }

        CheckPadding();
        return [.. tensors.Values];
    }

    private void ParseMetadata()
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error($"'{MetadataKey}' is a JSON {Describe(_reader.TokenType)}, not an object of strings.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var offset = 8 + _reader.TokenStartIndex;
            var key = _reader.GetString()!;
            if (!keys.Add(key))
            {
                _session.Report(
                    SafeTensorsRules.DuplicateKey,
                    $"'{MetadataKey}' has the key '{key}' more than once; the reference loader silently keeps the last one.",
                    _location.At(offset).AtNode($"{MetadataKey}.{key}"));
            }

            Read();
            if (_reader.TokenType != JsonTokenType.String)
            {
                throw Error($"The metadata value of '{key}' is a JSON {Describe(_reader.TokenType)}, not a string.");
            }
        }
    }

    private TensorEntry ParseTensor(string name, long offset)
    {
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error($"The entry of tensor '{name}' is a JSON {Describe(_reader.TokenType)}, not an object.");
        }

        string? dtype = null;
        ImmutableArray<ulong>? shape = null;
        ImmutableArray<ulong>? offsets = null;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = 8 + _reader.TokenStartIndex;
            var key = _reader.GetString()!;
            if (!keys.Add(key))
            {
                _session.Report(
                    SafeTensorsRules.DuplicateKey,
                    $"The entry of tensor '{name}' has the field '{key}' more than once.",
                    _location.At(keyOffset).AtNode(name));
            }

            Read();
            switch (key)
            {
                case "dtype":
                    if (_reader.TokenType != JsonTokenType.String)
                    {
                        throw Error($"The dtype of tensor '{name}' is a JSON {Describe(_reader.TokenType)}, not a string.");
                    }

                    dtype = _reader.GetString()!;
                    if (SafeTensorsDtypes.BitSize(dtype) == 0)
                    {
                        throw Error($"Tensor '{name}' has the unknown dtype '{dtype}'.");
                    }

                    break;
                case "shape":
                    shape = ReadIntegers(name, key, exactCount: null);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(name, key, exactCount: 2);
                    break;
                default:
                    _session.Report(
                        SafeTensorsRules.HeaderAnomaly,
                        $"The entry of tensor '{name}' has the field '{key}', which the loader ignores.",
                        _location.At(keyOffset).AtNode(name));
                    SkipValue();
                    break;
            }
        }

        var missing = dtype is null ? "dtype" : shape is null ? "shape" : offsets is null ? "data_offsets" : null;
        if (missing is not null)
        {
            throw Error($"The entry of tensor '{name}' has no '{missing}'.");
        }

        return new TensorEntry
        {
            Name = name,
            Dtype = dtype!,
            Bits = SafeTensorsDtypes.BitSize(dtype!),
            Shape = shape!.Value,
            Begin = offsets!.Value[0],
            End = offsets.Value[1],
            HeaderOffset = offset,
        };
    }

    private ImmutableArray<ulong> ReadIntegers(string name, string key, int? exactCount)
    {
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error($"The {key} of tensor '{name}' is a JSON {Describe(_reader.TokenType)}, not a list of integers.");
        }

        var values = ImmutableArray.CreateBuilder<ulong>();
        while (Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetUInt64(out var value))
            {
                throw Error($"The {key} of tensor '{name}' holds {ValueText()}, not a non-negative integer.");
            }

            values.Add(value);
        }

        if (exactCount is { } count && values.Count != count)
        {
            throw Error($"The {key} of tensor '{name}' has {values.Count} values, not {count}.");
        }

        return values.ToImmutable();
    }

    private void SkipValue()
    {
        if (_reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = _reader.CurrentDepth;
        while (Read())
        {
            if (_reader.CurrentDepth >= _maxDepth)
            {
                throw new ScanLimitException($"The header nests JSON deeper than {_maxDepth} levels (limit).") { Offset = 8 + _reader.TokenStartIndex };
            }

            if (_reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && _reader.CurrentDepth == depth)
            {
                return;
            }
        }
    }

    private bool Read()
    {
        if (!_reader.Read())
        {
            throw Error("The header's JSON ends early.");
        }

        return true;
    }

    private readonly string ValueText() => _reader.TokenType switch
    {
        JsonTokenType.Number => $"the number {System.Text.Encoding.UTF8.GetString(_reader.ValueSpan)}",
        _ => $"a JSON {Describe(_reader.TokenType)}",
    };

    private readonly MalformedFileException Error(string message) =>
        new(SafeTensorsRules.InvalidHeaderDeserialization.Id, message, 8 + _reader.TokenStartIndex);

    private readonly void CheckPadding()
    {
        for (var i = (int)_end; i < _header.Length; i++)
        {
            if (_header[i] != (byte)' ')
            {
                _session.Report(
                    SafeTensorsRules.HeaderAnomaly,
                    $"The header is padded with byte 0x{_header[i]:X2} after its JSON object; the format pads with spaces only.",
                    _location.At(8 + i));
                return;
            }
        }
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "list",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString().ToLowerInvariant(),
    };
}
