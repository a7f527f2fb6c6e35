using Rampart.ML.Onnx.Runtime;

namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>
/// BatchNormalization over channel axis 1 (float). Inference mode uses the given mean and variance; training mode
/// (opset 14+) normalises with the batch statistics and outputs the updated running mean and variance.
/// </summary>
internal sealed class BatchNormalizationKernel(float epsilon, float momentum, bool training) : IDifferentiableKernel
{
    public void Run(OnnxTensor?[] inputs, OnnxTensor?[] outputs)
    {
        var x = inputs[0]!;
        var (n, c, size) = Layout(x, inputs);
        var mean = inputs[3]!.Floats;
        var variance = inputs[4]!.Floats;
        if (training)
        {
            var batchMean = new float[c];
            var batchVar = new float[c];
            var xv = x.Floats;
            for (var ch = 0; ch < c; ch++)
            {
                double s = 0, sq = 0;
                for (var b = 0; b < n; b++)
                {
                    var off = ((b * c) + ch) * size;
                    for (var i = 0; i < size; i++)
                    {
                        s += xv[off + i];
                    }
                }

                var count = (double)n * size;
                var mu = s / count;
                for (var b = 0; b < n; b++)
                {
                    var off = ((b * c) + ch) * size;
                    for (var i = 0; i < size; i++)
                    {
                        var d = xv[off + i] - mu;
                        sq += d * d;
                    }
                }

                batchMean[ch] = (float)mu;
                batchVar[ch] = (float)(sq / count);
            }

            outputs[0] = Normalize(x, inputs, batchMean, batchVar, n, c, size);
            if (outputs.Length > 1)
            {
                outputs[1] = OnnxTensor.Create([c], mean.Select((m, i) => (m * momentum) + (batchMean[i] * (1 - momentum))).ToArray());
            }

            if (outputs.Length > 2)
            {
                outputs[2] = OnnxTensor.Create([c], variance.Select((v, i) => (v * momentum) + (batchVar[i] * (1 - momentum))).ToArray());
            }

            return;
        }

        outputs[0] = Normalize(x, inputs, mean, variance, n, c, size);
    }

    public void Backward(OnnxTensor?[] inputs, OnnxTensor?[] outputs, OnnxTensor?[] outputGrads, bool[] needed, OnnxTensor?[] inputGrads)
    {
        if (training)
        {
            throw new OnnxRuntimeException("Gradients through training-mode BatchNormalization are not supported.");
        }

        var x = inputs[0]!;
        var (n, c, size) = Layout(x, inputs);
        var scale = inputs[1]!.Floats;
        var variance = inputs[4]!.Floats;
        var dy = outputGrads[0]!.Floats;
        var dx = new float[x.Length];
        for (var b = 0; b < n; b++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var factor = scale[ch] / MathF.Sqrt(variance[ch] + epsilon);
                var off = ((b * c) + ch) * size;
                for (var i = 0; i < size; i++)
                {
                    dx[off + i] = dy[off + i] * factor;
                }
            }
        }

        inputGrads[0] = OnnxTensor.Create(x.Shape, dx);
    }

    private OnnxTensor Normalize(OnnxTensor x, OnnxTensor?[] inputs, float[] mean, float[] variance, int n, int c, int size)
    {
        var scale = inputs[1]!.Floats;
        var bias = inputs[2]!.Floats;
        var xv = x.Floats;
        var y = new float[xv.Length];
        for (var b = 0; b < n; b++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var factor = scale[ch] / MathF.Sqrt(variance[ch] + epsilon);
                var shift = bias[ch] - (mean[ch] * factor);
                var off = ((b * c) + ch) * size;
                for (var i = 0; i < size; i++)
                {
                    y[off + i] = (xv[off + i] * factor) + shift;
                }
            }
        }

        return OnnxTensor.Create(x.Shape, y);
    }

    private static (int N, int C, int Size) Layout(OnnxTensor x, OnnxTensor?[] inputs)
    {
        if (x.Rank < 2)
        {
            throw new OnnxRuntimeException($"BatchNormalization needs rank 2 or more, got {OnnxTensor.Format(x.Shape)}.");
        }

        var c = x.Shape[1];
        for (var i = 1; i <= 4; i++)
        {
            if (inputs[i]!.Length != c)
            {
                throw new OnnxRuntimeException($"BatchNormalization input {i} has {inputs[i]!.Length} values for {c} channels.");
            }
        }

        var n = x.Shape[0];
        return (n, c, n * c == 0 ? 0 : x.Length / (n * c));
    }
}
