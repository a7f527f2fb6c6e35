using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.NumPy;

/// <summary>
/// Reads a NumPy <c>.npy</c> file as <c>numpy.lib.format.read_array</c> does: magic, version, header length, the
/// header dictionary (parsed by <see cref="PyLiteralParser"/>, never evaluated) and the data, whose length must be
/// exactly shape times item size. Object arrays hold a pickle, which is handed to the pickle scanner.
/// </summary>
internal sealed class NpyScanner : IFormatScanner
{
    /// <summary>numpy's default <c>max_header_size</c> (numpy 1.24).</summary>
    public const int NumpyMaxHeaderSize = 10_000;

    /// <summary>numpy's <c>ARRAY_ALIGN</c>.</summary>
    public const int ArrayAlign = 64;

    /// <summary>The alignment numpy used before 1.14.</summary>
    public const int LegacyArrayAlign = 16;

    /// <summary>The member name given to an object array's pickle.</summary>
    public const string ObjectDataMember = "<object data>";

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Npy];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => NpyRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        var stream = input.Stream;
        var length = input.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8)
        {
            throw Invalid($"The file has {length} bytes, too few for the .npy magic and version.", 0);
        }

        stream.Position = 0;
        stream.ReadExactly(prefix);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw Invalid("The file does not start with the .npy magic \\x93NUMPY.", 0);
        }

        var (major, minor) = (prefix[6], prefix[7]);
        if (minor != 0 || major is < 1 or > 3)
        {
            throw Invalid($"The format version is {major}.{minor}; numpy reads only 1.0, 2.0 and 3.0.", 6);
        }

        var lengthBytes = major == 1 ? 2 : 4;
        Span<byte> headerLength = stackalloc byte[4];
        stream.ReadExactly(headerLength[..lengthBytes]);
        long declared = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(headerLength) : BinaryPrimitives.ReadUInt32LittleEndian(headerLength);
        var headerStart = 8L + lengthBytes;
        if (headerStart + declared > length)
        {
            throw Invalid($"The header length is {declared:N0} bytes but only {length - headerStart:N0} bytes follow it.", 8);
        }

        if (declared > session.Limits.MaxHeaderBytes)
        {
            throw new ScanLimitException($"The header is {declared:N0} bytes, more than {session.Limits.MaxHeaderBytes:N0} (limit).") { Offset = 8 };
        }

        var bytes = new byte[declared];
        stream.ReadExactly(bytes);
        var header = Decode(bytes, major, headerStart);
        if (header.Length > NumpyMaxHeaderSize)
        {
            session.Report(
                NpyRules.LargeHeader,
                $"The header is {header.Length:N0} characters; numpy.load refuses headers above {NumpyMaxHeaderSize:N0} unless max_header_size is raised or allow_pickle=True.",
                input.Location.At(headerStart),
                evidence: [new("header_characters", header.Length.ToString(CultureInfo.InvariantCulture))]);
        }

        if (ReadHeader(input, session, header, major, headerStart) is not { } fields)
        {
            return;
        }

        var dataStart = headerStart + declared;
        // numpy 1.14 and later align to 64 bytes, older numpy to 16: both are what numpy writes.
        if (dataStart % LegacyArrayAlign != 0)
        {
            session.Report(
                NpyRules.UnalignedData,
                $"The array data starts at byte {dataStart}, not a multiple of {ArrayAlign} (or of {LegacyArrayAlign}, as numpy before 1.14 wrote).",
                input.Location.At(dataStart));
        }

        if (fields.Dtype.HasObject)
        {
            ScanObjectData(input, session, fields.DescrText, dataStart);
            return;
        }

        CheckData(input, session, fields, dataStart);
    }

    private static void CheckData(ScanInput input, ScanSession session, Header fields, long dataStart)
    {
        long count = 1;
        foreach (var dimension in fields.Shape)
        {
            count = CheckedMultiply(count, dimension, $"The array size (shape {fields.ShapeText}) overflows 64 bits.");
        }

        var expected = CheckedMultiply(count, fields.Dtype.ItemSize, $"The array size in bytes (shape {fields.ShapeText}, item size {fields.Dtype.ItemSize}) overflows 64 bits.");
        var actual = input.Length - dataStart;
        var evidence = new KeyValuePair<string, string>[]
        {
            new("descr", fields.DescrText),
            new("shape", fields.ShapeText),
            new("expected_bytes", expected.ToString(CultureInfo.InvariantCulture)),
            new("data_bytes", actual.ToString(CultureInfo.InvariantCulture)),
        };
        if (actual < expected)
        {
            session.Report(
                NpyRules.TruncatedData,
                $"The data has {actual:N0} bytes but shape {fields.ShapeText} of {fields.DescrText} needs {expected:N0}.",
                input.Location.At(input.Length),
                evidence: evidence);
            return;
        }

        if (actual > expected)
        {
            session.Report(
                NpyRules.TrailingData,
                $"{actual - expected:N0} bytes follow the {expected:N0} bytes of array data.",
                input.Location.At(dataStart + expected),
                evidence: evidence);
        }

        if (session.Options.Deep && fields.Dtype.Float is { } kind && expected > 0)
        {
            var stats = FloatValues.Count(input.Stream, dataStart, expected, kind, fields.Dtype.BigEndian, session.CancellationToken);
            if (stats.HasNonFinite)
            {
                session.Report(
                    NpyRules.NonFiniteValues,
                    $"The array ({fields.DescrText}) holds {stats.NaN:N0} NaN and {stats.Infinite:N0} infinite values out of {stats.Values:N0}.",
                    input.Location.At(dataStart),
                    evidence:
                    [
                        new("nan", stats.NaN.ToString(CultureInfo.InvariantCulture)),
                        new("infinite", stats.Infinite.ToString(CultureInfo.InvariantCulture)),
                        new("values", stats.Values.ToString(CultureInfo.InvariantCulture)),
                    ]);
            }
        }
    }

    private static void ScanObjectData(ScanInput input, ScanSession session, string descr, long dataStart)
    {
        session.Report(
            NpyRules.ObjectArray,
            $"The dtype {descr} holds Python objects: the data is a pickle, which numpy.load runs only with allow_pickle=True.",
            input.Location.At(dataStart),
            evidence: [new("descr", descr)]);
        if (input.Depth + 1 > session.Limits.MaxDepth)
        {
            session.Report(CoreScanRules.LimitReached, $"Nesting deeper than {session.Limits.MaxDepth} levels (limit); the object data was not scanned.", input.Location.At(dataStart));
            return;
        }

        var data = new SubStream(input.Stream, dataStart, input.Length - dataStart);
        session.ScanAs(
            new ScanInput
            {
                Stream = data,
                Location = input.Location.Enter(ObjectDataMember),
                Name = ObjectDataMember,
                Depth = input.Depth + 1,
            },
            ModelFormat.Pickle);
    }

    private static Header? ReadHeader(ScanInput input, ScanSession session, string header, int major, long headerStart)
    {
        PyValue value;
        try
        {
            value = PyLiteralParser.Parse(header, session.Limits.MaxStructureDepth, allowLongSuffix: major <= 2);
        }
        catch (PyLiteralException error) when (error.IsLimit)
        {
            throw new ScanLimitException($"The header {error.Message} (limit).") { Offset = headerStart + error.Offset };
        }
        catch (PyLiteralException error)
        {
            throw Invalid($"The header is not a Python literal numpy accepts: {error.Message}.", headerStart + error.Offset);
        }

        if (value is not PyDict dict)
        {
            throw Invalid($"The header is {value.Describe()}, not a dict.", headerStart + value.Offset);
        }

        var entries = new Dictionary<string, PyValue>(StringComparer.Ordinal);
        foreach (var (key, entry) in dict.Entries)
        {
            if (key is not PyStr { Value: var name })
            {
                throw Invalid($"The header has the key {key.Describe()}; numpy needs exactly 'descr', 'fortran_order' and 'shape'.", headerStart + key.Offset);
            }

            if (entries.ContainsKey(name))
            {
                session.Report(
                    NpyRules.DuplicateHeaderKey,
                    $"The header has the key '{name}' more than once; Python keeps the last one.",
                    input.Location.At(headerStart + key.Offset).AtNode(name));
            }

            entries[name] = entry;
        }

        var keys = string.Join(", ", entries.Keys.Order(StringComparer.Ordinal).Select(key => $"'{key}'"));
        if (keys != "'descr', 'fortran_order', 'shape'")
        {
            throw Invalid($"The header has the keys {(keys.Length == 0 ? "(none)" : keys)}; numpy needs exactly 'descr', 'fortran_order' and 'shape'.", headerStart);
        }

        if (entries["fortran_order"] is not PyBool)
        {
            throw Invalid($"fortran_order is {entries["fortran_order"].Describe()}, not True or False.", headerStart + entries["fortran_order"].Offset);
        }

        var shape = Shape(entries["shape"], headerStart);
        var descr = entries["descr"];
        NpyDtype dtype;
        try
        {
            dtype = NpyDtype.FromDescr(descr, session.Limits.MaxStructureDepth);
        }
        catch (NpyDtypeException error) when (error.Known)
        {
            throw Invalid($"The descr is not a dtype numpy builds: {error.Message}.", headerStart + descr.Offset);
        }
        catch (NpyDtypeException error)
        {
            session.Report(NpyRules.UnknownDtype, $"The descr cannot be analysed: {error.Message}.", input.Location.At(headerStart + descr.Offset));
            return null;
        }

        return new Header(dtype, Text(descr), shape, $"({string.Join(", ", shape)}{(shape.Length == 1 ? "," : string.Empty)})");
    }

    private static long[] Shape(PyValue value, long headerStart)
    {
        if (value is not PySequence { IsTuple: true } tuple)
        {
            throw Invalid($"shape is {value.Describe()}, not a tuple of integers.", headerStart + value.Offset);
        }

        var shape = new long[tuple.Items.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var dimension = tuple.Items[i] switch
            {
                PyInt integer => integer.Value,
                PyBool flag => flag.Value ? BigInteger.One : BigInteger.Zero,
                var other => throw Invalid($"shape holds {other.Describe()}, not an integer.", headerStart + other.Offset),
            };
            if (dimension < 0 || dimension > long.MaxValue)
            {
                throw Invalid($"shape holds {dimension}, which is not a valid dimension.", headerStart + tuple.Items[i].Offset);
            }

            shape[i] = (long)dimension;
        }

        return shape;
    }

    private static string Decode(byte[] bytes, int major, long headerStart)
    {
        if (major < 3)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("The version 3.0 header is not valid UTF-8.", headerStart);
        }
    }

    private static string Text(PyValue value) => value switch
    {
        PyStr text => text.Value,
        PyInt integer => integer.Value.ToString(CultureInfo.InvariantCulture),
        PyBool flag => flag.Value ? "True" : "False",
        PySequence sequence => sequence.IsTuple
            ? $"({string.Join(", ", sequence.Items.Select(Text))}{(sequence.Items.Length == 1 ? "," : string.Empty)})"
            : $"[{string.Join(", ", sequence.Items.Select(Text))}]",
        _ => value.Describe(),
    };

    private static long CheckedMultiply(long left, long right, string message)
    {
        try
        {
            return checked(left * right);
        }
        catch (OverflowException)
        {
            throw Invalid(message, null);
        }
    }

    private static MalformedFileException Invalid(string message, long? offset) => new(NpyRules.InvalidHeader.Id, message, offset);

    private sealed record Header(NpyDtype Dtype, string DescrText, long[] Shape, string ShapeText);
}
