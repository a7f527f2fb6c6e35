using System.Globalization;
using System.Numerics;
using System.Text;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Gguf;

/// <summary>
/// Reads a GGUF file's header, metadata and tensor infos sequentially, with every check ggml's <c>gguf.cpp</c>
/// makes before trusting a size, and looks for template injection in chat templates (CVE-2024-34359). Tensor data
/// is read only with <see cref="ScanOptions.Deep"/>.
/// </summary>
internal sealed class GgufScanner : IFormatScanner
{
    /// <summary>Longest string ggml reads (1 GiB).</summary>
    public const ulong MaxStringBytes = 1UL << 30;

    /// <summary>Most array elements ggml reads (2^30).</summary>
    public const ulong MaxArrayCount = 1UL << 30;

    /// <summary>ggml's <c>GGML_MAX_NAME</c>: tensor names must be shorter.</summary>
    public const int MaxNameBytes = 64;

    /// <summary>ggml's <c>GGML_MAX_DIMS</c>.</summary>
    public const int MaxDims = 4;

    /// <summary>The alignment when <c>general.alignment</c> is absent.</summary>
    public const uint DefaultAlignment = 32;

    private const string AlignmentKey = "general.alignment";
    private const string TemplateKeyPrefix = "tokenizer.chat_template";
    private const int ChunkBytes = 1 << 16;

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Gguf];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => GgufRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session) => new Run(input, session).Scan();

    private sealed class Run(ScanInput input, ScanSession session)
    {
        private readonly GgufReader _reader = new(input.Stream, input.Length);
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        private uint _alignment = DefaultAlignment;

        public void Scan()
        {
            if (input.Length < 8)
            {
                throw Malformed(GgufRules.InvalidHeader, $"The file has {input.Length} bytes, too few for the GGUF magic and version.", 0);
            }

            _reader.Position = 0;
            Span<byte> magic = stackalloc byte[4];
            _reader.Read(magic);
            if (!magic.SequenceEqual("GGUF"u8))
            {
                throw Malformed(GgufRules.InvalidHeader, "The file does not start with the magic 'GGUF'.", 0);
            }

            var version = _reader.U32();
            if (version != 0 && (version & 0xFFFF) == 0)
            {
                _reader.BigEndian = true;
                version = BinaryPrimitivesReverse(version);
                session.Report(
                    GgufRules.Anomaly,
                    "The file is big-endian; ggml loads it only on big-endian machines and refuses it elsewhere.",
                    input.Location.At(4));
            }

            switch (version)
            {
                case 0:
                    throw Malformed(GgufRules.InvalidHeader, "The GGUF version is 0.", 4);
                case 1:
                    throw Malformed(GgufRules.InvalidHeader, "The GGUF version is 1, which ggml no longer reads.", 4);
                case > 3:
                    session.Report(GgufRules.UnsupportedVersion, $"The GGUF version is {version}; the scanner reads versions 2 and 3.", input.Location.At(4));
                    return;
            }

            var tensorCount = _reader.U64();
            var kvCount = _reader.U64();
            if (kvCount > (ulong)_reader.Remaining / 13)
            {
                throw Malformed(
                    GgufRules.InvalidHeader,
                    $"The header claims {kvCount:N0} metadata entries but only {_reader.Remaining:N0} bytes follow (each entry needs at least 13).",
                    16);
            }

            if (tensorCount > ((ulong)_reader.Remaining - (kvCount * 13)) / 24)
            {
                throw Malformed(
                    GgufRules.InvalidHeader,
                    $"The header claims {tensorCount:N0} tensors but only {_reader.Remaining:N0} bytes follow (each tensor info needs at least 24).",
                    8);
            }

            ReadMetadata(kvCount);
            var tensors = ReadTensorInfos(tensorCount);
            CheckLayout(tensors);
        }

        private void ReadMetadata(ulong count)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (ulong i = 0; i < count; i++)
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                CheckHeaderLimit();
                var keyOffset = _reader.Position;
                var key = ReadKey();
                if (!keys.Add(key))
                {
                    session.Report(GgufRules.DuplicateKey, $"The metadata key '{key}' appears more than once.", input.Location.At(keyOffset).AtNode(key));
                }

                if (!IsWellFormedKey(key))
                {
                    session.Report(
                        GgufRules.Anomaly,
                        $"The metadata key '{Printable(key)}' is not lower_snake_case dot-separated ASCII.",
                        input.Location.At(keyOffset).AtNode(key));
                }

                var typeOffset = _reader.Position;
                var type = _reader.U32();
                if (key == AlignmentKey)
                {
                    ReadAlignment(type, typeOffset);
                    continue;
                }

                ReadValue(type, key, typeOffset, depth: 0);
            }
        }

        private void ReadAlignment(uint type, long offset)
        {
            if (type != (uint)GgufValueType.UInt32)
            {
                session.Report(
                    GgufRules.InvalidAlignment,
                    $"{AlignmentKey} has value type {type}, not u32 (4).",
                    input.Location.At(offset).AtNode(AlignmentKey));
                ReadValue(type, AlignmentKey, offset, depth: 0);
                return;
            }

            var value = _reader.U32();
            if (value == 0 || !BitOperations.IsPow2(value))
            {
                session.Report(
                    GgufRules.InvalidAlignment,
                    $"{AlignmentKey} is {value}, not a power of two.",
                    input.Location.At(offset + 4).AtNode(AlignmentKey));
                return;
            }

            _alignment = value;
        }

        private void ReadValue(uint type, string key, long offset, int depth)
        {
            switch ((GgufValueType)type)
            {
                case GgufValueType.UInt8 or GgufValueType.Int8:
                    _reader.Skip(1);
                    break;
                case GgufValueType.Bool:
                    var flag = _reader.U8();
                    if (flag > 1)
                    {
                        session.Report(GgufRules.InvalidMetadata, $"The bool '{key}' is {flag}, not 0 or 1.", input.Location.At(offset + 4).AtNode(key));
                    }

                    break;
                case GgufValueType.UInt16 or GgufValueType.Int16:
                    _reader.Skip(2);
                    break;
                case GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32:
                    _reader.Skip(4);
                    break;
                case GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64:
                    _reader.Skip(8);
                    break;
                case GgufValueType.String:
                    ReadStringValue(key, inArray: false);
                    break;
                case GgufValueType.Array:
                    ReadArray(key, offset, depth);
                    break;
                default:
                    throw Malformed(GgufRules.InvalidMetadata, $"The metadata entry '{key}' has the unknown value type {type}.", offset, key);
            }
        }

        private void ReadArray(string key, long offset, int depth)
        {
            var elementType = _reader.U32();
            var count = _reader.U64();
            if (elementType > (uint)GgufValueType.Float64)
            {
                throw Malformed(GgufRules.InvalidMetadata, $"The array '{key}' has the unknown element type {elementType}.", offset, key);
            }

            var size = ElementSize((GgufValueType)elementType);
            if (count > MaxArrayCount || count * (ulong)size > (ulong)_reader.Remaining)
            {
                throw Malformed(
                    GgufRules.InvalidMetadata,
                    $"The array '{key}' claims {count:N0} elements, more than {(count > MaxArrayCount ? "2^30" : $"the {_reader.Remaining:N0} bytes left hold")}.",
                    offset,
                    key);
            }

            switch ((GgufValueType)elementType)
            {
                case GgufValueType.Array:
                    if (depth + 1 >= session.Limits.MaxStructureDepth)
                    {
                        throw new ScanLimitException($"The array '{key}' nests arrays deeper than {session.Limits.MaxStructureDepth} levels (limit).") { Offset = offset };
                    }

                    if (_reported.Add("nested:" + key))
                    {
                        session.Report(GgufRules.InvalidMetadata, $"The array '{key}' holds arrays; ggml refuses arrays of arrays.", input.Location.At(offset).AtNode(key));
                    }

                    for (ulong i = 0; i < count; i++)
                    {
                        session.CancellationToken.ThrowIfCancellationRequested();
                        ReadArray(key, _reader.Position, depth + 1);
                    }

                    break;
                case GgufValueType.String:
                    for (ulong i = 0; i < count; i++)
                    {
                        if ((i & 0xFFF) == 0)
                        {
                            session.CancellationToken.ThrowIfCancellationRequested();
                            CheckHeaderLimit();
                        }

                        ReadStringValue(key, inArray: true);
                    }

                    break;
                case GgufValueType.Bool:
                    CheckBools(key, (long)count, offset);
                    break;
                default:
                    _reader.Skip((long)count * size);
                    break;
            }
        }

        private void CheckBools(string key, long count, long offset)
        {
            var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, count))];
            while (count > 0)
            {
                var take = (int)Math.Min(buffer.Length, count);
                _reader.Read(buffer.AsSpan(0, take));
                if (buffer.AsSpan(0, take).IndexOfAnyExcept((byte)0, (byte)1) >= 0 && _reported.Add("bool:" + key))
                {
                    session.Report(GgufRules.InvalidMetadata, $"The bool array '{key}' holds values other than 0 and 1.", input.Location.At(offset).AtNode(key));
                }

                count -= take;
            }
        }

        private string ReadKey()
        {
            var offset = _reader.Position;
            var length = _reader.U64();
            if (length > (ulong)_reader.Remaining)
            {
                throw Malformed(GgufRules.InvalidMetadata, $"A metadata key claims {length:N0} bytes but only {_reader.Remaining:N0} are left.", offset);
            }

            if (length > 65_535)
            {
                throw Malformed(GgufRules.InvalidMetadata, $"A metadata key is {length:N0} bytes long; keys are at most 65,535.", offset);
            }

            var bytes = new byte[(int)length];
            _reader.Read(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        private void ReadStringValue(string key, bool inArray)
        {
            var offset = _reader.Position;
            var length = _reader.U64();
            if (length > MaxStringBytes || length > (ulong)_reader.Remaining)
            {
                throw Malformed(
                    GgufRules.InvalidMetadata,
                    $"A string of '{key}' claims {length:N0} bytes, more than {(length > MaxStringBytes ? "1 GiB" : $"the {_reader.Remaining:N0} bytes left")}.",
                    offset,
                    key);
            }

            var start = _reader.Position;
            if (key.StartsWith(TemplateKeyPrefix, StringComparison.Ordinal))
            {
                if (length > (ulong)session.Limits.MaxInMemoryOperandBytes)
                {
                    throw new ScanLimitException($"The chat template '{key}' is {length:N0} bytes, more than {session.Limits.MaxInMemoryOperandBytes:N0} (limit).") { Offset = offset };
                }

                var bytes = new byte[(int)length];
                _reader.Read(bytes);
                string template;
                try
                {
                    template = new UTF8Encoding(false, true).GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    InvalidUtf8(key, offset, inArray);
                    template = Encoding.UTF8.GetString(bytes);
                }

                CheckTemplate(key, template, start);
                return;
            }

            if (!IsUtf8((long)length))
            {
                InvalidUtf8(key, offset, inArray);
            }
        }

        private void InvalidUtf8(string key, long offset, bool inArray)
        {
            if (!_reported.Add("utf8:" + key))
            {
                return;
            }

            // Byte-level vocabularies (RWKV) legitimately store token bytes that are not UTF-8.
            session.Report(
                inArray ? GgufRules.Anomaly : GgufRules.InvalidMetadata,
                inArray ? $"The string array '{key}' holds strings that are not UTF-8." : $"The string '{key}' is not UTF-8.",
                input.Location.At(offset).AtNode(key));
        }

        private bool IsUtf8(long length)
        {
            var decoder = new UTF8Encoding(false, true).GetDecoder();
            var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(1, length))];
            var chars = new char[buffer.Length + 1];
            var valid = true;
            while (length > 0)
            {
                var take = (int)Math.Min(buffer.Length, length);
                _reader.Read(buffer.AsSpan(0, take));
                length -= take;
                if (valid)
                {
                    try
                    {
                        decoder.GetChars(buffer, 0, take, chars, 0, flush: length == 0);
                    }
                    catch (DecoderFallbackException)
                    {
                        valid = false;
                    }
                }
            }

            return valid;
        }

        private void CheckTemplate(string key, string template, long start)
        {
            foreach (var match in ChatTemplateCheck.Find(template))
            {
                var byteOffset = Encoding.UTF8.GetByteCount(template.AsSpan(0, match.Index));
                session.Report(
                    GgufRules.ChatTemplateInjection,
                    $"The chat template '{key}' holds the pattern '{match.Pattern}', which runs code when the template is rendered without a sandbox (CVE-2024-34359).",
                    input.Location.At(start + byteOffset).AtNode(key),
                    subject: match.Pattern,
                    evidence: [new("excerpt", Excerpt(template, match.Index))]);
            }
        }

        private List<TensorInfo> ReadTensorInfos(ulong count)
        {
            var tensors = new List<TensorInfo>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (ulong i = 0; i < count; i++)
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                CheckHeaderLimit();
                var infoOffset = _reader.Position;
                var nameLength = _reader.U64();
                if (nameLength > (ulong)_reader.Remaining)
                {
                    throw Malformed(GgufRules.InvalidTensorInfo, $"Tensor info {i} claims a name of {nameLength:N0} bytes but only {_reader.Remaining:N0} are left.", infoOffset);
                }

                var kept = new byte[(int)Math.Min(nameLength, 256)];
                _reader.Read(kept);
                _reader.Skip((long)nameLength - kept.Length);
                var name = Encoding.UTF8.GetString(kept);
                var location = input.Location.At(infoOffset).AtNode(name);
                if (nameLength >= MaxNameBytes)
                {
                    session.Report(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' has a name of {nameLength:N0} bytes; ggml allows at most {MaxNameBytes - 1}.", location);
                }

                if (!names.Add(name))
                {
                    session.Report(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' appears more than once.", location);
                }

                var dimCount = _reader.U32();
                if (dimCount > MaxDims)
                {
                    throw Malformed(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' has {dimCount} dimensions; ggml allows at most {MaxDims}.", infoOffset, name);
                }

                var dims = new long[dimCount];
                var valid = true;
                for (var d = 0; d < dimCount; d++)
                {
                    dims[d] = (long)_reader.U64();
                    if (dims[d] < 0)
                    {
                        valid = false;
                        session.Report(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' has the negative dimension {dims[d]}.", location);
                    }
                }

                var typeId = _reader.U32();
                var offset = _reader.U64();
                var type = GgmlType.Find(typeId);
                if (type is null)
                {
                    valid = false;
                    session.Report(
                        GgufRules.InvalidTensorInfo,
                        GgmlType.IsRemoved(typeId)
                            ? $"Tensor '{Printable(name)}' has ggml type {typeId}, which ggml has removed."
                            : $"Tensor '{Printable(name)}' has the unknown ggml type {typeId}.",
                        location);
                }

                tensors.Add(new TensorInfo(name, dims, type, offset, valid && type is not null ? ByteSize(name, dims, type, location) : null, infoOffset));
            }

            return tensors;
        }

        private long? ByteSize(string name, long[] dims, GgmlType type, ScanLocation location)
        {
            var shape = $"[{string.Join(", ", dims)}]";
            long elements = 1;
            foreach (var dim in dims)
            {
                if (dim != 0 && elements > long.MaxValue / dim)
                {
                    session.Report(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' has shape {shape}, whose element count overflows 64 bits.", location);
                    return null;
                }

                elements *= dim;
            }

            var first = dims.Length > 0 ? dims[0] : 1;
            if (first % type.BlockSize != 0)
            {
                session.Report(
                    GgufRules.InvalidTensorInfo,
                    $"Tensor '{Printable(name)}' ({type.Name}) has first dimension {first}, not a multiple of the type's block size {type.BlockSize}.",
                    location);
                return null;
            }

            var rows = first == 0 ? 0 : elements / first;
            var rowBytes = first / type.BlockSize * type.TypeSize;
            if (rows != 0 && rowBytes > long.MaxValue / rows)
            {
                session.Report(GgufRules.InvalidTensorInfo, $"Tensor '{Printable(name)}' has shape {shape}, whose byte size overflows 64 bits.", location);
                return null;
            }

            return rowBytes * rows;
        }

        private void CheckLayout(List<TensorInfo> tensors)
        {
            var end = _reader.Position;
            var dataStart = AlignUp(end, _alignment);
            if (tensors.Count == 0)
            {
                return;
            }

            if (dataStart is null || dataStart > input.Length)
            {
                session.Report(GgufRules.InvalidTensorLayout, $"The tensor data would start at byte {dataStart?.ToString("N0", CultureInfo.InvariantCulture) ?? "(overflow)"}, past the end of the file.", input.Location.At(end));
                return;
            }

            CheckPadding(end, dataStart.Value);
            long expected = 0;
            var ordered = true;
            foreach (var tensor in tensors)
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                if (tensor.ByteSize is not { } size)
                {
                    return;
                }

                var location = input.Location.At(tensor.InfoOffset).AtNode(tensor.Name);
                if (ordered && tensor.Offset % _alignment != 0)
                {
                    ordered = false;
                    session.Report(GgufRules.InvalidTensorLayout, $"Tensor '{Printable(tensor.Name)}' has offset {tensor.Offset}, not a multiple of the alignment {_alignment}.", location);
                }
                else if (ordered && tensor.Offset != (ulong)expected)
                {
                    ordered = false;
                    session.Report(
                        GgufRules.InvalidTensorLayout,
                        $"Tensor '{Printable(tensor.Name)}' has offset {tensor.Offset} but ggml expects {expected}: tensor data must be in order and contiguous.",
                        location);
                }

                if (tensor.Offset > (ulong)(input.Length - dataStart.Value) || size > input.Length - dataStart.Value - (long)tensor.Offset)
                {
                    ordered = false;
                    session.Report(
                        GgufRules.InvalidTensorLayout,
                        $"Tensor '{Printable(tensor.Name)}' needs {size:N0} bytes at data offset {tensor.Offset}, past the end of the file.",
                        location,
                        evidence: [new("data_start", dataStart.Value.ToString(CultureInfo.InvariantCulture)), new("file_bytes", input.Length.ToString(CultureInfo.InvariantCulture))]);
                }

                if (AlignUp(size, _alignment) is not { } padded || expected > long.MaxValue - padded)
                {
                    return;
                }

                expected += padded;
            }

            if (!ordered)
            {
                return;
            }

            if (dataStart.Value + expected < input.Length)
            {
                session.Report(
                    GgufRules.Anomaly,
                    $"{input.Length - dataStart.Value - expected:N0} bytes follow the last tensor's data.",
                    input.Location.At(dataStart.Value + expected));
            }

            if (session.Options.Deep)
            {
                CheckValues(tensors, dataStart.Value);
            }
        }

        private void CheckPadding(long from, long to)
        {
            var length = (int)Math.Min(to - from, ChunkBytes);
            var padding = new byte[length];
            _reader.Position = from;
            _reader.Read(padding);
            var nonZero = padding.AsSpan().IndexOfAnyExcept((byte)0);
            if (nonZero >= 0)
            {
                session.Report(GgufRules.Anomaly, "The padding before the tensor data holds non-zero bytes.", input.Location.At(from + nonZero));
            }
        }

        private void CheckValues(List<TensorInfo> tensors, long dataStart)
        {
            foreach (var tensor in tensors)
            {
                if (tensor.Type?.Float is not { } kind || tensor.ByteSize is not > 0)
                {
                    continue;
                }

                var stats = FloatValues.Count(input.Stream, dataStart + (long)tensor.Offset, tensor.ByteSize.Value, kind, _reader.BigEndian, session.CancellationToken);
                if (stats.HasNonFinite)
                {
                    session.Report(
                        GgufRules.NonFiniteValues,
                        $"Tensor '{Printable(tensor.Name)}' ({tensor.Type.Name}) holds {stats.NaN:N0} NaN and {stats.Infinite:N0} infinite values out of {stats.Values:N0}.",
                        input.Location.At(dataStart + (long)tensor.Offset).AtNode(tensor.Name),
                        evidence:
                        [
                            new("nan", stats.NaN.ToString(CultureInfo.InvariantCulture)),
                            new("infinite", stats.Infinite.ToString(CultureInfo.InvariantCulture)),
                            new("values", stats.Values.ToString(CultureInfo.InvariantCulture)),
                        ]);
                }
            }
        }

        private void CheckHeaderLimit()
        {
            if (_reader.Position > session.Limits.MaxHeaderBytes)
            {
                throw new ScanLimitException($"The metadata and tensor infos take more than {session.Limits.MaxHeaderBytes:N0} bytes (limit).") { Offset = _reader.Position };
            }
        }

        private static MalformedFileException Malformed(ScanRule rule, string message, long offset, string? node = null) => new(rule.Id, message, offset, node);
    }

    private sealed record TensorInfo(string Name, long[] Dims, GgmlType? Type, ulong Offset, long? ByteSize, long InfoOffset);

    private static int ElementSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.String => 8,
        GgufValueType.Array => 12,
        _ => 8,
    };

    private static long? AlignUp(long value, uint alignment)
    {
        var mask = (long)alignment - 1;
        return value > long.MaxValue - mask ? null : (value + mask) & ~mask;
    }

    private static uint BinaryPrimitivesReverse(uint value) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value);

    private static bool IsWellFormedKey(string key)
    {
        if (key.Length == 0 || key[0] == '.' || key[^1] == '.' || key.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in text.Take(80))
        {
            clean.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > 80 ? clean + "..." : clean.ToString();
    }

    private static string Excerpt(string template, int index)
    {
        var start = Math.Max(0, index);
        var length = Math.Min(80, template.Length - start);
        return Printable(template.Substring(start, length));
    }
}
