using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.SafeTensors;

/// <summary>
/// Validates a SafeTensors file exactly as the reference loader does (huggingface/safetensors <c>tensor.rs</c>):
/// the header length, UTF-8 JSON header, every tensor's dtype, shape and data offsets, and a byte buffer that the
/// tensors fill exactly. Duplicate JSON keys, which serde silently resolves, are reported. Tensor bytes are read
/// only with <see cref="ScanOptions.Deep"/>.
/// </summary>
internal sealed class SafeTensorsScanner : IFormatScanner
{
    /// <summary>The reference loader's limit on the header length (<c>MAX_HEADER_SIZE</c>).</summary>
    public const ulong ReferenceMaxHeaderBytes = 100_000_000;

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.SafeTensors];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => SafeTensorsRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        var stream = input.Stream;
        var length = input.Length;
        if (length < 8)
        {
            throw new MalformedFileException(
                SafeTensorsRules.HeaderTooSmall.Id, $"The file has {length} bytes; a SafeTensors file starts with an 8-byte header length.", 0);
        }

        Span<byte> prefix = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > ReferenceMaxHeaderBytes)
        {
            throw new MalformedFileException(
                SafeTensorsRules.HeaderTooLarge.Id,
                $"The header length is {declared:N0} bytes; the reference loader refuses headers above {ReferenceMaxHeaderBytes:N0} bytes.",
                0);
        }

        if (declared > (ulong)(length - 8))
        {
            throw new MalformedFileException(
                SafeTensorsRules.InvalidHeaderLength.Id,
                $"The header length is {declared:N0} bytes but only {length - 8:N0} bytes follow it.",
                0);
        }

        if (declared > (ulong)session.Limits.MaxHeaderBytes)
        {
            throw new ScanLimitException($"The header is {declared:N0} bytes, more than {session.Limits.MaxHeaderBytes:N0} (limit).") { Offset = 0 };
        }

        var header = new byte[(int)declared];
        stream.ReadExactly(header);
        if (!Utf8.IsValid(header))
        {
            throw new MalformedFileException(
                SafeTensorsRules.InvalidHeader.Id, "The JSON header is not valid UTF-8.", 8 + FirstInvalidUtf8(header));
        }

        if (header.Length == 0 || header[0] != (byte)'{')
        {
            session.Report(
                SafeTensorsRules.InvalidHeaderStart,
                header.Length == 0 ? "The JSON header is empty." : $"The JSON header starts with {Describe(header[0])}, not '{{'.",
                input.Location.At(8));
        }

        var tensors = new SafeTensorsHeaderParser(header, input.Location, session).Parse();
        Validate(input, session, tensors, 8 + (long)declared);
    }

    private static void Validate(ScanInput input, ScanSession session, List<TensorEntry> tensors, long dataStart)
    {
        var dataLength = (ulong)(input.Length - dataStart);
        tensors.Sort((left, right) => left.Begin != right.Begin ? left.Begin.CompareTo(right.Begin) : left.End.CompareTo(right.End));
        ulong start = 0;
        var sound = true;
        var sizes = new ulong?[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var tensor = tensors[i];
            var location = input.Location.At(tensor.HeaderOffset).AtNode(tensor.Name);
            if (tensor.Begin != start || tensor.End < tensor.Begin)
            {
                sound = false;
                var problem = tensor.End < tensor.Begin
                    ? $"ends at {tensor.End} before it begins at {tensor.Begin}"
                    : tensor.Begin > start
                        ? $"begins at {tensor.Begin}, leaving a hole after the previous tensor's end at {start}"
                        : $"begins at {tensor.Begin}, overlapping the previous tensor, which ends at {start}";
                session.Report(SafeTensorsRules.InvalidOffset, $"Tensor '{tensor.Name}' {problem}.", location, evidence: OffsetsEvidence(tensor));
            }

            start = tensor.End;
            if (!TryByteSize(tensor, out var size, out var error))
            {
                sound = false;
                session.Report(error!, ByteSizeMessage(tensor, error!), location, evidence: OffsetsEvidence(tensor));
                continue;
            }

            sizes[i] = size;
            if (tensor.End >= tensor.Begin && tensor.End - tensor.Begin != size)
            {
                sound = false;
                session.Report(
                    SafeTensorsRules.TensorInvalidInfo,
                    $"Tensor '{tensor.Name}' ({tensor.Dtype}, shape [{string.Join(", ", tensor.Shape)}]) needs {size:N0} bytes but its data_offsets span {tensor.End - tensor.Begin:N0}.",
                    location,
                    evidence: OffsetsEvidence(tensor));
            }
        }

        if (start != dataLength)
        {
            sound = false;
            var message = start > dataLength
                ? $"The tensors end at byte {start:N0} of the buffer but the buffer has only {dataLength:N0} bytes."
                : $"The buffer has {dataLength - start:N0} trailing bytes after the last tensor, which ends at byte {start:N0}.";
            session.Report(
                SafeTensorsRules.MetadataIncompleteBuffer,
                message,
                input.Location.At(dataStart + (long)Math.Min(start, dataLength)),
                evidence: [new("buffer_bytes", dataLength.ToString(CultureInfo.InvariantCulture)), new("tensor_bytes", start.ToString(CultureInfo.InvariantCulture))]);
        }

        ReportSharedZeroSize(input, session, tensors, sizes);
        if (sound && session.Options.Deep)
        {
            CheckValues(input, session, tensors, dataStart);
        }
    }

    private static void ReportSharedZeroSize(ScanInput input, ScanSession session, List<TensorEntry> tensors, ulong?[] sizes)
    {
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i];
            if (sizes[i] != 0 || tensor.Begin != tensor.End)
            {
                continue;
            }

            var other = tensors.FindIndex(candidate => !ReferenceEquals(candidate, tensor) && candidate.Begin == tensor.Begin);
            if (other >= 0)
            {
                session.Report(
                    SafeTensorsRules.SharedZeroSizeOffset,
                    $"Zero-size tensor '{tensor.Name}' shares offset {tensor.Begin} with tensor '{tensors[other].Name}'.",
                    input.Location.At(tensor.HeaderOffset).AtNode(tensor.Name),
                    evidence: [new("other", tensors[other].Name)]);
            }
        }
    }

    private static void CheckValues(ScanInput input, ScanSession session, List<TensorEntry> tensors, long dataStart)
    {
        foreach (var tensor in tensors)
        {
            if (SafeTensorsDtypes.FloatKindOf(tensor.Dtype) is not { } kind || tensor.End == tensor.Begin)
            {
                continue;
            }

            var stats = FloatValues.Count(
                input.Stream, dataStart + (long)tensor.Begin, (long)(tensor.End - tensor.Begin), kind, bigEndian: false, session.CancellationToken);
            if (stats.HasNonFinite)
            {
                session.Report(
                    SafeTensorsRules.NonFiniteValues,
                    $"Tensor '{tensor.Name}' ({tensor.Dtype}) holds {stats.NaN:N0} NaN and {stats.Infinite:N0} infinite values out of {stats.Values:N0}.",
                    input.Location.At(dataStart + (long)tensor.Begin).AtNode(tensor.Name),
                    evidence:
                    [
                        new("nan", stats.NaN.ToString(CultureInfo.InvariantCulture)),
                        new("infinite", stats.Infinite.ToString(CultureInfo.InvariantCulture)),
                        new("values", stats.Values.ToString(CultureInfo.InvariantCulture)),
                    ]);
            }
        }
    }

    private static bool TryByteSize(TensorEntry tensor, out ulong size, out ScanRule? error)
    {
        size = 0;
        ulong elements = 1;
        foreach (var dimension in tensor.Shape)
        {
            if (dimension != 0 && elements > ulong.MaxValue / dimension)
            {
                error = SafeTensorsRules.ValidationOverflow;
                return false;
            }

            elements *= dimension;
        }

        var bits = (ulong)tensor.Bits;
        if (elements > ulong.MaxValue / bits)
        {
            error = SafeTensorsRules.ValidationOverflow;
            return false;
        }

        var totalBits = elements * bits;
        if (totalBits % 8 != 0)
        {
            error = SafeTensorsRules.MisalignedSlice;
            return false;
        }

        size = totalBits / 8;
        error = null;
        return true;
    }

    private static string ByteSizeMessage(TensorEntry tensor, ScanRule error) =>
        ReferenceEquals(error, SafeTensorsRules.MisalignedSlice)
            ? $"Tensor '{tensor.Name}' ({tensor.Dtype}, shape [{string.Join(", ", tensor.Shape)}]) has a bit size that is not a multiple of 8."
            : $"Tensor '{tensor.Name}' ({tensor.Dtype}, shape [{string.Join(", ", tensor.Shape)}]) has an element count or bit size that overflows 64 bits.";

    private static KeyValuePair<string, string>[] OffsetsEvidence(TensorEntry tensor) =>
    [
        new("data_offsets", $"[{tensor.Begin}, {tensor.End}]"),
        new("dtype", tensor.Dtype),
        new("shape", $"[{string.Join(", ", tensor.Shape)}]"),
    ];

    private static string Describe(byte b) =>
        b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[position..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return position;
    }
}
