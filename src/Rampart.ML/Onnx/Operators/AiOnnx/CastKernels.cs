using System.Globalization;
using System.Numerics;
using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>The Cast conversions: numbers, booleans and strings (numbers print in shortest round-trip form, as numpy does).</summary>
internal static class CastKernels
{
    public static IKernel Create(OnnxDataType from, OnnxDataType to)
    {
        if (from == to)
        {
            return new Same();
        }

        var f = Generic.Clr(from);
        var t = Generic.Clr(to);
        return (from, to) switch
        {
            (OnnxDataType.String, OnnxDataType.Bool) => throw new InvalidOperationException("Unsupported cast"),
            (OnnxDataType.String, _) => Generic.Create<IKernel>(typeof(FromString<>), [t], to),
            (_, OnnxDataType.String) when from == OnnxDataType.Bool => new BoolToString(),
            (_, OnnxDataType.String) => Generic.Create<IKernel>(typeof(ToString<>), [f]),
            (OnnxDataType.Bool, _) => Generic.Create<IKernel>(typeof(FromBool<>), [t], to),
            (_, OnnxDataType.Bool) => Generic.Create<IKernel>(typeof(ToBool<>), [f]),
            _ => Generic.Create<IKernel>(typeof(Numeric<,>), [f, t], to),
        };
    }

    private sealed class Same : IKernel
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs) => outputs[0] = inputs[0];
    }

    private sealed class Numeric<TFrom, TTo>(OnnxDataType to) : IKernel
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            var src = x.As<TFrom>();
            var o = new TTo[src.Length];
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = TTo.CreateTruncating(src[i]);
            }

            outputs[0] = new OnnxTensor(to, x.Shape, o);
        }
    }

    private sealed class FromBool<TTo>(OnnxDataType to) : IKernel
        where TTo : INumberBase<TTo>
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            var o = x.As<bool>().Select(b => b ? TTo.One : TTo.Zero).ToArray();
            outputs[0] = new OnnxTensor(to, x.Shape, o);
        }
    }

    private sealed class ToBool<TFrom> : IKernel
        where TFrom : INumberBase<TFrom>
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            var o = x.As<TFrom>().Select(v => !TFrom.IsZero(v)).ToArray();
            outputs[0] = new OnnxTensor(OnnxDataType.Bool, x.Shape, o);
        }
    }

    private sealed class ToString<TFrom> : IKernel
        where TFrom : INumberBase<TFrom>
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            var o = x.As<TFrom>().Select(Format).ToArray();
            outputs[0] = new OnnxTensor(OnnxDataType.String, x.Shape, o);
        }

        private static string Format(TFrom v)
        {
            if (TFrom.IsNaN(v))
            {
                return "nan";
            }

            if (TFrom.IsInfinity(v))
            {
                return TFrom.IsNegative(v) ? "-inf" : "inf";
            }

            var s = v.ToString(null, CultureInfo.InvariantCulture);
            if (typeof(TFrom) == typeof(float) || typeof(TFrom) == typeof(double) || typeof(TFrom) == typeof(Half))
            {
                s = s.Replace('E', 'e');
                if (!s.Contains('.', StringComparison.Ordinal) && !s.Contains('e', StringComparison.Ordinal))
                {
                    s += ".0";
                }
            }

            return s;
        }
    }

    private sealed class BoolToString : IKernel
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            outputs[0] = new OnnxTensor(OnnxDataType.String, x.Shape, x.As<bool>().Select(b => b ? "True" : "False").ToArray());
        }
    }

    private sealed class FromString<TTo>(OnnxDataType to) : IKernel
        where TTo : INumberBase<TTo>
    {
        public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
        {
            var x = inputs[0]!;
            var o = x.As<string>().Select(Parse).ToArray();
            outputs[0] = new OnnxTensor(to, x.Shape, o);
        }

        private static TTo Parse(string s)
        {
            var t = s.Trim();
            var lower = t.ToUpperInvariant();
            double special = lower switch
            {
                "NAN" or "+NAN" or "-NAN" => double.NaN,
                "INF" or "+INF" or "INFINITY" or "+INFINITY" => double.PositiveInfinity,
                "-INF" or "-INFINITY" => double.NegativeInfinity,
                _ => 0,
            };
            if (special != 0 || double.IsNaN(special))
            {
                return TTo.CreateTruncating(special);
            }

            if (typeof(TTo) == typeof(float) && float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
            {
                return TTo.CreateTruncating(f);
            }

            if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return TTo.CreateTruncating(l);
            }

            return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? TTo.CreateTruncating(d)
                : throw new OnnxRuntimeException($"Cast cannot parse '{s}' as a number.");
        }
    }
}
