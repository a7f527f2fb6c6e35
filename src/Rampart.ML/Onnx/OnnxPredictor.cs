using System.Collections.Immutable;
using System.Globalization;
using Rampart.ML.Onnx.Gradients;
using Rampart.ML.Onnx.Operators.AiOnnxMl;
using Rampart.ML.Onnx.Runtime;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.ML.Onnx;

/// <summary>
/// A predictor backed by Rampart's ONNX interpreter, with input gradients by reverse-mode differentiation.
/// </summary>
/// <remarks>
/// <para>Input: the graph must have exactly one input to feed, of type float and shape [N, d1, ...] with fixed d1...;
/// each row of the <see cref="FloatMatrix"/> holds the d1 x ... features of one sample in row-major order.</para>
/// <para>Output rule: <see cref="OnnxPredictorOptions.OutputName"/> if set; otherwise the first float output whose
/// name contains "prob" (e.g. "probabilities", "output_probability"); otherwise the first float output. Non-float
/// outputs (e.g. int64 labels) are never chosen.</para>
/// <para>Reading the output: if it comes from a Softmax (through shape-only operators) it is read as probabilities
/// and the Softmax input is the logit; from a LogSoftmax, it is exponentiated; from a Sigmoid with one column, it is a
/// binary probability reported as [1 - p, p]; otherwise one column means regression, a name containing "prob" means
/// probabilities, and two or more columns are logits to which a softmax is applied (and <see cref="OnnxModelInfo"/>
/// says so). An output of ZipMap (ai.onnx.ml, run as a pass-through of its float tensor) is read as probabilities,
/// with ZipMap's class labels unless <see cref="OnnxPredictorOptions.ClassLabels"/> are given. <see cref="OnnxPredictorOptions.Kind"/> = Regression forces scores as they are.</para>
/// <para>Gradients: the logit target differentiates the pre-softmax score of a class (for a sigmoid output, +z for
/// class 1 and -z for class 0; for regression, the output column); the loss target differentiates the cross-entropy
/// -log p[label] (binary cross-entropy for sigmoid outputs) or the squared error (y - t)^2. Each row's gradient is
/// with respect to its own input. Gradient calls are charged to the query counter like predictions.</para>
/// </remarks>
public sealed class OnnxPredictor : IGradientPredictor
{
    private static readonly HashSet<string> ShapeOnly = new(StringComparer.Ordinal) { "Identity", "Dropout", "Reshape", "Flatten", "Squeeze", "Unsqueeze" };
    private readonly OnnxModel _model;
    private readonly GraphValue _input;
    private readonly int[] _featureShape;
    private readonly int _outputSlot;
    private readonly int _logitSlot;

    private OnnxPredictor(OnnxModel model, GraphValue input, int[] featureShape, int outputSlot, int logitSlot, PredictorInfo info, OnnxModelInfo modelInfo, long? budget)
    {
        _model = model;
        _input = input;
        _featureShape = featureShape;
        _outputSlot = outputSlot;
        _logitSlot = logitSlot;
        Info = info;
        Model = modelInfo;
        Queries = new QueryCounter(budget);
    }

    /// <inheritdoc/>
    public PredictorInfo Info { get; }

    /// <summary>What was found in the model and how its output is read.</summary>
    public OnnxModelInfo Model { get; }

    /// <inheritdoc/>
    public QueryCounter Queries { get; }

    /// <summary>The value slot whose gradient is seeded (the logit), for tests.</summary>
    internal int LogitSlot => _logitSlot;

    /// <summary>The compiled model, for tests.</summary>
    internal OnnxModel CompiledModel => _model;

    /// <summary>Loads a model file.</summary>
    /// <param name="path">The .onnx file; external data is read only from its folder.</param>
    /// <param name="options">Options (default: default limits, no budget, the documented output rule).</param>
    /// <returns>The predictor.</returns>
    /// <exception cref="OnnxFormatException">When the file is malformed, over a limit, uses something unsupported, or does not fit the predictor's input/output rules.</exception>
    public static OnnxPredictor Load(string path, OnnxPredictorOptions? options = null)
    {
        options ??= new OnnxPredictorOptions();
        return Create(OnnxModel.Load(path, options.Load), options);
    }

    /// <summary>Loads a model from bytes (external data is refused).</summary>
    /// <param name="model">ONNX protobuf bytes.</param>
    /// <param name="source">Where the bytes come from, for reports.</param>
    /// <param name="options">Options.</param>
    /// <returns>The predictor.</returns>
    /// <exception cref="OnnxFormatException">As for <see cref="Load(string, OnnxPredictorOptions?)"/>.</exception>
    public static OnnxPredictor Load(ReadOnlySpan<byte> model, string source, OnnxPredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new OnnxPredictorOptions();
        return Create(OnnxModel.Load(model, source, options.Load), options);
    }

    private static OnnxPredictor Create(OnnxModel model, OnnxPredictorOptions options)
    {
        var graph = model.Graph;
        if (graph.Inputs.Length != 1 || graph.Inputs[0].Type != OnnxDataType.Float)
        {
            throw Refuse(model, $"the predictor needs exactly one float graph input to feed; the graph has {graph.Inputs.Length}: {string.Join(", ", graph.Inputs.Select(i => $"{i.Name} ({OnnxTypes.Name(i.Type)})"))}");
        }

        var input = graph.Inputs[0];
        if (input.Shape is not { Count: >= 2 } declared || declared.Skip(1).Any(d => d.Value is not > 0))
        {
            throw Refuse(model, $"input '{input.Name}' must have a declared shape [N, d1, ...] with fixed d1...; it has {(input.Shape is null ? "no shape" : "[" + string.Join(",", input.Shape) + "]")}");
        }

        var featureShape = declared.Skip(1).Select(d => checked((int)d.Value!.Value)).ToArray();
        var output = ChooseOutput(model, options);
        var notes = ImmutableArray.CreateBuilder<string>();

        // One probe row finds the output width without trusting declared output shapes.
        OnnxTensor?[] probe;
        try
        {
            probe = model.Graph.Run(new Dictionary<string, OnnxTensor>(StringComparer.Ordinal) { [input.Name] = OnnxTensor.Zeros(OnnxDataType.Float, [1, .. featureShape]) });
        }
        catch (OnnxRuntimeException ex)
        {
            throw Refuse(model, $"a probe run with one row of zeros failed: {ex.Message}");
        }

        var outTensor = probe[output.Slot]!;
        if (outTensor.Rank == 0 || outTensor.Shape[0] != 1)
        {
            throw Refuse(model, $"output '{output.Name}' has shape {OnnxTensor.Format(outTensor.Shape)} for one row; its first dimension must be the batch");
        }

        var columns = outTensor.Length;
        var (producer, producerSlot) = Producer(model, output.Slot);
        OnnxOutputMode mode;
        var logitSlot = output.Slot;
        if (options.Kind == PredictionKind.Regression)
        {
            mode = OnnxOutputMode.Regression;
        }
        else if (producer?.Node.OpType == "Softmax")
        {
            mode = OnnxOutputMode.Probabilities;
            logitSlot = producerSlot;
        }
        else if (producer?.Node.OpType == "LogSoftmax")
        {
            mode = OnnxOutputMode.LogProbabilities;
            logitSlot = producerSlot;
            notes.Add("The output holds log-probabilities; the predictor exponentiates them.");
        }
        else if (producer?.Node.OpType == "Sigmoid" && columns == 1)
        {
            mode = OnnxOutputMode.BinarySigmoid;
            logitSlot = producerSlot;
            notes.Add("The output is one sigmoid probability; the predictor reports [1 - p, p].");
        }
        else if (producer?.Kernel is ZipMapKernel)
        {
            mode = OnnxOutputMode.Probabilities;
            notes.Add("The output comes from ZipMap (ai.onnx.ml): it is read as a float tensor of class probabilities in class-label order.");
        }
        else if (columns == 1 && options.Kind != PredictionKind.Classification)
        {
            mode = OnnxOutputMode.Regression;
        }
        else if (output.Name.Contains("prob", StringComparison.OrdinalIgnoreCase))
        {
            mode = OnnxOutputMode.Probabilities;
            notes.Add("The output is read as probabilities because of its name; no Softmax was found, so logit gradients are taken of the output itself.");
        }
        else if (columns >= 2)
        {
            mode = OnnxOutputMode.LogitsSoftmaxApplied;
            notes.Add("The graph outputs logits without a softmax; the predictor applies a softmax to report probabilities.");
        }
        else
        {
            throw Refuse(model, $"output '{output.Name}' has one column and is not a sigmoid, so it cannot be read as a classifier");
        }

        var classes = mode == OnnxOutputMode.BinarySigmoid ? 2 : columns;
        var kind = mode == OnnxOutputMode.Regression ? PredictionKind.Regression : PredictionKind.Classification;
        var labels = kind == PredictionKind.Regression
            ? []
            : options.ClassLabels.IsDefaultOrEmpty
                ? producer?.Kernel is ZipMapKernel zipMap ? [.. zipMap.ClassLabels] : Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToImmutableArray()
                : options.ClassLabels;
        if (labels.Length != (kind == PredictionKind.Regression ? 0 : classes))
        {
            throw new ArgumentException($"{labels.Length} class labels were given for {classes} classes.", nameof(options));
        }

        var featureCount = featureShape.Aggregate(1, (a, b) => checked(a * b));
        var info = new PredictorInfo
        {
            FeatureCount = featureCount,
            FeatureNames = options.FeatureNames.IsDefault ? [] : options.FeatureNames,
            Kind = kind,
            ClassLabels = labels,
            OutputCount = classes,
            Source = model.Source,
        };
        var proto = model.Proto;
        var modelInfo = new OnnxModelInfo
        {
            Sha256 = model.Sha256,
            IrVersion = proto.IrVersion,
            OpsetVersion = proto.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0,
            Producer = (proto.ProducerName + " " + proto.ProducerVersion).Trim(),
            InputName = input.Name,
            InputShape = "[N," + string.Join(",", featureShape) + "]",
            OutputName = output.Name,
            OutputMode = mode,
            NodeCount = graph.Nodes.Length,
            Operators = graph.Nodes.Select(n => n.Node.OpType).Distinct().Order(StringComparer.Ordinal).ToImmutableArray(),
            GradientUnavailableReason = ReverseMode.CheckPath(graph, input.Slot, logitSlot),
            Notes = notes.ToImmutable(),
            Metadata = proto.MetadataProps
                .GroupBy(kv => kv.Key, StringComparer.Ordinal)
                .ToImmutableSortedDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
            SizeBytes = model.SizeBytes,
        };
        return new OnnxPredictor(model, input, featureShape, output.Slot, logitSlot, info, modelInfo, options.QueryBudget);
    }

    private static GraphValue ChooseOutput(OnnxModel model, OnnxPredictorOptions options)
    {
        var outputs = model.Graph.Outputs;
        if (options.OutputName is { } wanted)
        {
            var named = outputs.FirstOrDefault(o => o.Name == wanted) ?? throw Refuse(model, $"it has no output named '{wanted}' (outputs: {string.Join(", ", outputs.Select(o => o.Name))})");
            return named.Type == OnnxDataType.Float ? named : throw Refuse(model, $"output '{wanted}' is {OnnxTypes.Name(named.Type)}, not FLOAT");
        }

        var floats = outputs.Where(o => o.Type == OnnxDataType.Float).ToList();
        return floats.FirstOrDefault(o => o.Name.Contains("prob", StringComparison.OrdinalIgnoreCase))
            ?? floats.FirstOrDefault()
            ?? throw Refuse(model, $"it has no float output (outputs: {string.Join(", ", outputs.Select(o => $"{o.Name} ({OnnxTypes.Name(o.Type)})"))})");
    }

    /// <summary>The node that computes a value, looking through shape-only operators, and that node's first input slot.</summary>
    private static (PlannedNode? Node, int InputSlot) Producer(OnnxModel model, int slot)
    {
        while (true)
        {
            var node = model.Graph.Nodes.FirstOrDefault(n => n.Outputs.Length > 0 && n.Outputs[0] == slot);
            if (node is null)
            {
                return (null, -1);
            }

            if (!ShapeOnly.Contains(node.Node.OpType))
            {
                return (node, node.Inputs[0]);
            }

            slot = node.Inputs[0];
        }
    }

    private static OnnxFormatException Refuse(OnnxModel model, string why) =>
        new(OnnxErrorKind.UnsupportedFeature, $"The ONNX model '{model.Source}' cannot be used as a predictor: {why}.");

    /// <inheritdoc/>
    public ValueTask<FloatMatrix> PredictAsync(FloatMatrix inputs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = Run(inputs);
        var output = values[_outputSlot]!.Floats;
        var rows = inputs.Rows;
        var result = new FloatMatrix(rows, Info.OutputCount);
        var columns = rows == 0 ? 0 : output.Length / rows;
        for (var r = 0; r < rows; r++)
        {
            var src = output.AsSpan(r * columns, columns);
            var dst = result.Row(r);
            switch (Model.OutputMode)
            {
                case OnnxOutputMode.LogitsSoftmaxApplied:
                    Softmax(src, dst);
                    break;
                case OnnxOutputMode.LogProbabilities:
                    for (var c = 0; c < columns; c++)
                    {
                        dst[c] = MathF.Exp(src[c]);
                    }

                    break;
                case OnnxOutputMode.BinarySigmoid:
                    dst[0] = 1f - src[0];
                    dst[1] = src[0];
                    break;
                default:
                    src.CopyTo(dst);
                    break;
            }
        }

        return ValueTask.FromResult(result);
    }

    /// <inheritdoc/>
    /// <exception cref="PredictorException">When an operator on the path is not differentiable, or inference fails.</exception>
    public FloatMatrix InputGradient(FloatMatrix inputs, GradientTarget target, ReadOnlySpan<float> labels)
    {
        if (Model.GradientUnavailableReason is { } reason)
        {
            throw new PredictorException($"Input gradients of ONNX model '{Info.Source}' are unavailable: {reason}.");
        }

        var rows = inputs?.Rows ?? throw new ArgumentNullException(nameof(inputs));
        if (target.Kind == GradientKind.Loss && labels.Length != rows)
        {
            throw new ArgumentException($"The loss gradient needs one label per row: {rows} rows, {labels.Length} labels.", nameof(labels));
        }

        if (target.Kind == GradientKind.Logit && (target.ClassIndex < 0 || target.ClassIndex >= Info.OutputCount))
        {
            throw new ArgumentOutOfRangeException(nameof(target), $"Class index {target.ClassIndex} is outside 0..{Info.OutputCount - 1}.");
        }

        var values = Run(inputs);
        var seedValue = values[_logitSlot]!;
        var z = seedValue.Floats;
        var width = rows == 0 ? 0 : z.Length / rows;
        var seed = new float[z.Length];
        for (var r = 0; r < rows; r++)
        {
            var zr = z.AsSpan(r * width, width);
            var sr = seed.AsSpan(r * width, width);
            if (target.Kind == GradientKind.Logit)
            {
                if (Model.OutputMode == OnnxOutputMode.BinarySigmoid)
                {
                    sr[0] = target.ClassIndex == 1 ? 1f : -1f;
                }
                else
                {
                    sr[target.ClassIndex] = 1f;
                }

                continue;
            }

            LossSeed(zr, sr, labels[r]);
        }

        try
        {
            var grad = ReverseMode.Backward(_model.Graph, values, _input.Slot, _logitSlot, OnnxTensor.Create(seedValue.Shape, seed));
            return new FloatMatrix(rows, Info.FeatureCount, (float[])grad.Floats.Clone());
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PredictorException($"Input gradient of ONNX model '{Info.Source}' failed: {ex.Message}", ex);
        }
    }

    private void LossSeed(ReadOnlySpan<float> z, Span<float> seed, float label)
    {
        switch (Model.OutputMode)
        {
            case OnnxOutputMode.Regression:
                if (z.Length != 1)
                {
                    throw new PredictorException($"The squared-error loss gradient needs a single regression output; '{Model.OutputName}' has {z.Length}.");
                }

                seed[0] = 2f * (z[0] - label);
                return;
            case OnnxOutputMode.BinarySigmoid:
                seed[0] = (1f / (1f + MathF.Exp(-z[0]))) - label;
                return;
        }

        var k = (int)label;
        if (k < 0 || k >= z.Length || k != label)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"Label {label} is not a class index in 0..{z.Length - 1}.");
        }

        if (Model.OutputMode == OnnxOutputMode.Probabilities && _logitSlot == _outputSlot)
        {
            // Probabilities without a Softmax to look through: d(-log p_k)/dp_k = -1 / p_k.
            seed[k] = -1f / Math.Max(z[k], 1e-30f);
            return;
        }

        Softmax(z, seed);
        seed[k] -= 1f;
    }

    private OnnxTensor?[] Run(FloatMatrix inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != Info.FeatureCount)
        {
            throw new ArgumentException($"The model '{Info.Source}' takes {Info.FeatureCount} features per row; got {inputs.Columns}.", nameof(inputs));
        }

        Queries.Charge(inputs.Rows);
        var tensor = OnnxTensor.Create([inputs.Rows, .. _featureShape], inputs.Data);
        try
        {
            return _model.Graph.Run(new Dictionary<string, OnnxTensor>(StringComparer.Ordinal) { [_input.Name] = tensor });
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PredictorException($"Inference of ONNX model '{Info.Source}' failed: {ex.Message}", ex);
        }
    }

    private static void Softmax(ReadOnlySpan<float> src, Span<float> dst)
    {
        var max = float.NegativeInfinity;
        foreach (var v in src)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (var i = 0; i < src.Length; i++)
        {
            sum += Math.Exp(src[i] - max);
        }

        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (float)(Math.Exp(src[i] - max) / sum);
        }
    }
}
