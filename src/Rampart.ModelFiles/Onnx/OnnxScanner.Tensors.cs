using System.Globalization;
using Rampart.ModelFiles.IO;
using Rampart.ModelFiles.Tensors;

namespace Rampart.ModelFiles.Onnx;

/// <summary>Tensor checks: data sizes against dims and data type, external data, and (deep) values.</summary>
internal sealed partial class OnnxScanner
{
    private sealed partial class Run
    {
        private void CheckTensor(TensorSummary tensor, string label)
        {
            var position = _reader.Position;
            try
            {
                CheckTensorData(tensor, label);
            }
            finally
            {
                _reader.Position = position;
            }
        }

        private void CheckTensorData(TensorSummary tensor, string label)
        {
            var location = input.Location.At(tensor.Offset).AtNode(label);
            long elements = 1;
            foreach (var dim in tensor.Dims)
            {
                if (dim < 0)
                {
                    session.Report(OnnxRules.TensorData, $"Tensor '{label}' has the negative dimension {dim}.", location);
                    return;
                }

                if (dim != 0 && elements > long.MaxValue / dim)
                {
                    session.Report(OnnxRules.TensorData, $"Tensor '{label}' has dims [{Dims(tensor)}], whose element count overflows 64 bits.", location);
                    return;
                }

                elements *= dim;
            }

            var type = tensor.DataType;
            var describe = $"{OnnxDataTypes.Name(type)}, dims [{Dims(tensor)}]";
            if (tensor.DataLocation == 1)
            {
                if (tensor.RawData is not null || tensor.Typed.Count > 0)
                {
                    session.Report(OnnxRules.TensorData, $"Tensor '{label}' has external data and data in the model as well.", location);
                }

                var bits = OnnxDataTypes.Bits(type);
                long? expected = bits > 0 && elements <= long.MaxValue / bits ? ((elements * bits) + 7) / 8 : null;
                CheckExternalData(tensor, label, location, expected);
                return;
            }

            if (tensor.ExternalData.Count > 0)
            {
                session.Report(
                    OnnxRules.Anomaly,
                    $"Tensor '{label}' has external_data entries but data_location is not EXTERNAL; loaders ignore them.",
                    location);
            }

            var fields = tensor.Typed.Select(typed => typed.Field).Distinct().ToList();
            var sources = fields.Count + (tensor.RawData is null ? 0 : 1);
            if (sources == 0)
            {
                if (elements > 0)
                {
                    session.Report(OnnxRules.TensorData, $"Tensor '{label}' ({describe}) holds no data for its {elements:N0} elements.", location);
                }

                return;
            }

            if (!OnnxDataTypes.IsKnown(type))
            {
                session.Report(OnnxRules.Anomaly, $"Tensor '{label}' has the unknown data type {type}; its size was not checked.", location);
                return;
            }

            if (sources > 1)
            {
                var names = fields.Select(OnnxDataTypes.FieldName).Prepend(tensor.RawData is null ? null : "raw_data").OfType<string>();
                session.Report(OnnxRules.TensorData, $"Tensor '{label}' has more than one data field ({string.Join(", ", names)}).", location);
            }

            if (tensor.RawData is { } raw)
            {
                CheckRawData(tensor, label, location, raw, elements, describe);
            }

            foreach (var field in fields)
            {
                CheckTypedField(tensor, label, location, field, elements, describe);
            }
        }

        private void CheckRawData(TensorSummary tensor, string label, ScanLocation location, (long Offset, long Length) raw, long elements, string describe)
        {
            var bits = OnnxDataTypes.Bits(tensor.DataType);
            if (tensor.DataType == OnnxDataTypes.String)
            {
                session.Report(OnnxRules.TensorData, $"Tensor '{label}' is a STRING tensor but stores raw_data.", location);
                return;
            }

            var expected = elements > long.MaxValue / bits ? -1 : ((elements * bits) + 7) / 8;
            if (expected != raw.Length)
            {
                session.Report(
                    OnnxRules.TensorData,
                    $"Tensor '{label}' ({describe}) needs {(expected < 0 ? "more than 2^63" : expected.ToString("N0", CultureInfo.InvariantCulture))} bytes of raw_data but has {raw.Length:N0}.",
                    location,
                    evidence: [new("raw_data_offset", raw.Offset.ToString(CultureInfo.InvariantCulture))]);
                return;
            }

            if (session.Options.Deep && OnnxDataTypes.Float(tensor.DataType) is { } kind)
            {
                ReportValues(label, location, FloatValues.Count(input.Stream, raw.Offset, raw.Length, kind, bigEndian: false, session.CancellationToken));
            }
        }

        private void CheckTypedField(TensorSummary tensor, string label, ScanLocation location, int field, long elements, string describe)
        {
            var name = OnnxDataTypes.FieldName(field);
            var accepted = elements > long.MaxValue / 2 ? null : OnnxDataTypes.TypedCounts(field, tensor.DataType, elements);
            if (accepted is null)
            {
                session.Report(OnnxRules.TensorData, $"Tensor '{label}' ({describe}) stores {name}, which cannot hold {OnnxDataTypes.Name(tensor.DataType)} values.", location);
                return;
            }

            long count = 0;
            var stats = default(FloatStats);
            foreach (var (typedField, wire, offset, length) in tensor.Typed.Where(typed => typed.Field == field))
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                if (wire != ProtobufReader.LengthDelimited || field == 6)
                {
                    count++;
                    stats += ValuesOf(field, tensor.DataType, offset, length, packed: false);
                    continue;
                }

                var width = field switch { 4 => 4, 10 => 8, _ => 0 };
                if (width > 0)
                {
                    if (length % width != 0)
                    {
                        session.Report(OnnxRules.TensorData, $"Tensor '{label}' has packed {name} of {length:N0} bytes, not a multiple of {width}.", location);
                        return;
                    }

                    count += length / width;
                }
                else
                {
                    count += CountVarints(offset, length, tensor.DataType, ref stats, out var complete);
                    if (!complete)
                    {
                        session.Report(OnnxRules.TensorData, $"Tensor '{label}' has packed {name} that ends inside a varint.", location);
                        return;
                    }

                    continue;
                }

                stats += ValuesOf(typedField, tensor.DataType, offset, length, packed: true);
            }

            if (!accepted.Contains(count))
            {
                session.Report(OnnxRules.TensorData, $"Tensor '{label}' ({describe}) needs {accepted[0]:N0} values in {name} but has {count:N0}.", location);
                return;
            }

            ReportValues(label, location, stats);
        }

        private FloatStats ValuesOf(int field, int type, long offset, long length, bool packed)
        {
            if (!session.Options.Deep)
            {
                return default;
            }

            var kind = field switch { 4 => FloatKind.Float32, 10 => FloatKind.Float64, _ => (FloatKind?)null };
            if (kind is { } known)
            {
                return FloatValues.Count(input.Stream, offset, length, known, bigEndian: false, session.CancellationToken);
            }

            if (!packed && field == 5 && type is 10 or 16)
            {
                input.Stream.Position = offset;
                var reader = new ProtobufReader(input.Stream, long.MaxValue, OnnxRules.TensorData.Id);
                var bits = (ushort)reader.ReadVarint(offset + length);
                return type == 10 ? FloatValues.OfHalfBits(bits) : FloatValues.OfBFloat16Bits(bits);
            }

            return default;
        }

        private long CountVarints(long offset, long length, int type, ref FloatStats stats, out bool complete)
        {
            var deepHalf = session.Options.Deep && type is 10 or 16;
            var buffer = new byte[(int)Math.Min(1 << 16, Math.Max(1, length))];
            input.Stream.Position = offset;
            long count = 0;
            ulong value = 0;
            var shift = 0;
            var remaining = length;
            while (remaining > 0)
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                var take = (int)Math.Min(buffer.Length, remaining);
                input.Stream.ReadExactly(buffer, 0, take);
                remaining -= take;
                foreach (var b in buffer.AsSpan(0, take))
                {
                    if (shift < 64)
                    {
                        value |= (ulong)(b & 0x7F) << shift;
                    }

                    shift += 7;
                    if ((b & 0x80) != 0)
                    {
                        continue;
                    }

                    count++;
                    if (deepHalf)
                    {
                        stats += type == 10 ? FloatValues.OfHalfBits((ushort)value) : FloatValues.OfBFloat16Bits((ushort)value);
                    }

                    value = 0;
                    shift = 0;
                }
            }

            complete = shift == 0;
            return count;
        }

        private void ReportValues(string label, ScanLocation location, FloatStats stats)
        {
            if (!stats.HasNonFinite && stats.Extreme == 0)
            {
                return;
            }

            session.Report(
                OnnxRules.UnusualValues,
                $"Tensor '{label}' holds {stats.NaN:N0} NaN, {stats.Infinite:N0} infinite and {stats.Extreme:N0} extreme values out of {stats.Values:N0}.",
                location,
                evidence:
                [
                    new("nan", stats.NaN.ToString(CultureInfo.InvariantCulture)),
                    new("infinite", stats.Infinite.ToString(CultureInfo.InvariantCulture)),
                    new("extreme", stats.Extreme.ToString(CultureInfo.InvariantCulture)),
                    new("values", stats.Values.ToString(CultureInfo.InvariantCulture)),
                ]);
        }

        private static string Dims(TensorSummary tensor) => string.Join(", ", tensor.Dims);

    }
}
