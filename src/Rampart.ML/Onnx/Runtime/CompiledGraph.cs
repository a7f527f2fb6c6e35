using System.Globalization;
using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Operators;
using Rampart.ML.Onnx.Operators.AiOnnx;
using Rampart.ML.Onnx.Operators.AiOnnxMl;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>
/// A graph ready to run: values numbered into slots, nodes topologically sorted, every kernel bound and every type
/// checked at load time. Running allocates a fresh slot array, so one graph can serve concurrent callers.
/// </summary>
internal sealed class CompiledGraph
{
    private readonly OnnxTensor?[] _constants;

    private CompiledGraph(string[] names, OnnxDataType[] types, OnnxTensor?[] constants, PlannedNode[] nodes, GraphValue[] inputs, GraphValue[] outputs)
    {
        ValueNames = names;
        ValueTypes = types;
        _constants = constants;
        Nodes = nodes;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string[] ValueNames { get; }

    public OnnxDataType[] ValueTypes { get; }

    public PlannedNode[] Nodes { get; }

    /// <summary>Graph inputs the caller must feed (inputs that are also initializers are left out).</summary>
    public GraphValue[] Inputs { get; }

    public GraphValue[] Outputs { get; }

    /// <summary>The value known at load time for a slot (initializers and Constant outputs), or null.</summary>
    public OnnxTensor? Constant(int slot) => _constants[slot];

    public static CompiledGraph Compile(ModelProto model, OnnxLoadOptions options, ExternalDataResolver? external, OperatorRegistry registry)
    {
        var graph = model.Graph ?? throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, "The ONNX model has no graph (ModelProto.graph is missing).");
        if (graph.SparseInitializerCount > 0)
        {
            throw new OnnxFormatException(OnnxErrorKind.UnsupportedFeature, $"The graph has {graph.SparseInitializerCount} sparse initializer(s); sparse tensors are not supported.");
        }

        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var o in model.OpsetImport)
        {
            var d = OperatorRegistry.Normalize(o.Domain);
            if (!opsets.TryAdd(d, o.Version))
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"The model imports domain '{(d.Length == 0 ? "ai.onnx" : d)}' twice in opset_import.");
            }
        }

        var names = new List<string>();
        var types = new List<OnnxDataType>();
        var constants = new List<OnnxTensor?>();
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int Define(string name, OnnxDataType type, OnnxTensor? constant, string what)
        {
            if (!slots.TryAdd(name, names.Count))
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Value '{name}' is defined twice (again as {what}).");
            }

            names.Add(name);
            types.Add(type);
            constants.Add(constant);
            return names.Count - 1;
        }

        for (var i = 0; i < graph.Initializers.Count; i++)
        {
            var init = graph.Initializers[i];
            if (init.Name.Length == 0)
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Initializer {i} has no name.");
            }

            var tensor = TensorCodec.Decode(init, options, $"initializer[{i}]", external);
            Define(init.Name, tensor.Type, tensor, $"initializer {i}");
        }

        var inputs = new List<GraphValue>();
        foreach (var v in graph.Inputs)
        {
            if (slots.ContainsKey(v.Name))
            {
                continue;
            }

            var type = ValueType(v, "input");
            inputs.Add(new GraphValue(v.Name, Define(v.Name, type, null, "graph input"), type, v.Shape));
        }

        var order = Sort(graph, slots);
        var planned = new List<PlannedNode>(order.Count);
        foreach (var node in order)
        {
            var domain = OperatorRegistry.Normalize(node.Domain);
            var shownDomain = domain.Length == 0 ? "ai.onnx" : domain;
            if (!registry.TryGetDomain(domain, out var range))
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedOperator, $"Operator {node.OpType} ({node.Describe()}) is in domain '{shownDomain}', which Rampart's ONNX interpreter does not support.");
            }

            if (!opsets.TryGetValue(domain, out var opset))
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Operator {node.OpType} ({node.Describe()}) uses domain '{shownDomain}', which the model does not import in opset_import.");
            }

            if (opset < range.Min || opset > range.Max)
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedOperator, string.Create(CultureInfo.InvariantCulture, $"Operator {node.OpType} ({node.Describe()}): domain '{shownDomain}' opset {opset} is not supported (supported: {range.Min} to {range.Max})."));
            }

            if (!registry.TryGet(domain, node.OpType, out var factory))
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedOperator, string.Create(CultureInfo.InvariantCulture, $"Operator {node.OpType} ({node.Describe()}, domain '{shownDomain}', opset {opset}) is not supported by Rampart's ONNX interpreter."));
            }

            if (node.Attributes.Any(a => a.HasUnsupportedValue || a.G is not null || a.Graphs.Count > 0))
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedFeature, $"Operator {node.OpType} ({node.Describe()}) has a graph, sparse tensor or type attribute, which is not supported.");
            }

            var inSlots = node.Inputs.Select(n => n.Length == 0 ? -1 : slots[n]).ToArray();
            var context = new NodeContext(
                node,
                opset,
                inSlots.Select(s => s < 0 ? (OnnxDataType?)null : types[s]).ToArray(),
                inSlots.Select(s => s < 0 ? null : constants[s]).ToArray(),
                options);
            var binding = factory(context);
            if (node.Outputs.Count > binding.OutputTypes.Length)
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, string.Create(CultureInfo.InvariantCulture, $"Operator {node.OpType} ({node.Describe()}) has {node.Outputs.Count} outputs; it produces at most {binding.OutputTypes.Length}."));
            }

            var constant = binding.Kernel is ConstantKernel ck ? ck.Value : null;
            var outSlots = node.Outputs.Select((n, i) => n.Length == 0 ? -1 : Define(n, binding.OutputTypes[i], constant, $"output of {node.Describe()}")).ToArray();
            planned.Add(new PlannedNode(node, binding.Kernel, inSlots, outSlots));
        }

        var outputs = new List<GraphValue>();
        foreach (var v in graph.Outputs)
        {
            if (!slots.TryGetValue(v.Name, out var slot))
            {
                throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Graph output '{v.Name}' is not produced by any node, input or initializer.");
            }

            // ZipMap (ai.onnx.ml) is declared as a sequence of maps but runs as a pass-through of its float tensor.
            if (!v.IsTensor && !(v.OtherKind == "sequence" && planned.Any(p => p.Kernel is ZipMapKernel && p.Outputs.Contains(slot))))
            {
                throw new OnnxFormatException(OnnxErrorKind.UnsupportedType, $"Graph output '{v.Name}' is a {v.OtherKind}; only tensors are supported.");
            }

            outputs.Add(new GraphValue(v.Name, slot, types[slot], v.Shape));
        }

        return new CompiledGraph([.. names], [.. types], [.. constants], [.. planned], [.. inputs], [.. outputs]);
    }

    private static OnnxDataType ValueType(ValueInfoProto v, string what)
    {
        if (!v.IsTensor)
        {
            throw new OnnxFormatException(OnnxErrorKind.UnsupportedType, $"Graph {what} '{v.Name}' is a {v.OtherKind}; only tensors are supported.");
        }

        var type = (OnnxDataType)v.ElementType;
        if (!OnnxTypes.IsSupported(type))
        {
            throw new OnnxFormatException(OnnxErrorKind.UnsupportedType, $"Graph {what} '{v.Name}' has element type {(Enum.IsDefined(type) ? OnnxTypes.Name(type) : v.ElementType.ToString(CultureInfo.InvariantCulture))}, which is not supported.");
        }

        return type;
    }

    /// <summary>Kahn's algorithm, keeping file order among ready nodes; refuses undefined inputs, duplicate outputs and cycles.</summary>
    private static List<NodeProto> Sort(GraphProto graph, Dictionary<string, int> known)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (var o in graph.Nodes[i].Outputs.Where(o => o.Length > 0))
            {
                if (known.ContainsKey(o) || !producer.TryAdd(o, i))
                {
                    throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Value '{o}' produced by {graph.Nodes[i].Describe()} is already defined.");
                }
            }
        }

        var pending = new int[graph.Nodes.Count];
        var dependents = new List<int>[graph.Nodes.Count];
        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            dependents[i] = [];
        }

        for (var i = 0; i < graph.Nodes.Count; i++)
        {
            foreach (var input in graph.Nodes[i].Inputs.Where(n => n.Length > 0))
            {
                if (producer.TryGetValue(input, out var p))
                {
                    pending[i]++;
                    dependents[p].Add(i);
                }
                else if (!known.ContainsKey(input))
                {
                    throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"Input '{input}' of {graph.Nodes[i].Describe()} is not a graph input, an initializer or the output of any node.");
                }
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<NodeProto>(graph.Nodes.Count);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(graph.Nodes[i]);
            foreach (var d in dependents[i])
            {
                if (--pending[d] == 0)
                {
                    ready.Enqueue(d, d);
                }
            }
        }

        if (order.Count != graph.Nodes.Count)
        {
            var stuck = Enumerable.Range(0, pending.Length).First(i => pending[i] > 0);
            throw new OnnxFormatException(OnnxErrorKind.InvalidGraph, $"The graph has a cycle: {graph.Nodes[stuck].Describe()} depends on its own output.");
        }

        return order;
    }

    /// <summary>Runs the graph and returns every value slot (outputs and intermediates, for gradients).</summary>
    public OnnxTensor?[] Run(IReadOnlyDictionary<string, OnnxTensor> feeds)
    {
        var values = (OnnxTensor?[])_constants.Clone();
        foreach (var (name, tensor) in feeds)
        {
            var input = Inputs.FirstOrDefault(i => i.Name == name);
            var slot = input?.Slot ?? Array.IndexOf(ValueNames, name);
            if (slot < 0 || (input is null && _constants[slot] is null))
            {
                throw new OnnxRuntimeException($"'{name}' is not an input of the graph.");
            }

            if (tensor.Type != ValueTypes[slot])
            {
                throw new OnnxRuntimeException($"Input '{name}' must be {OnnxTypes.Name(ValueTypes[slot])}, got {OnnxTypes.Name(tensor.Type)}.");
            }

            if (input?.Shape is { } shape)
            {
                CheckShape(name, shape, tensor.Shape);
            }

            values[slot] = tensor;
        }

        foreach (var input in Inputs)
        {
            if (values[input.Slot] is null)
            {
                throw new OnnxRuntimeException($"Graph input '{input.Name}' was not given.");
            }
        }

        foreach (var step in Nodes)
        {
            var ins = new OnnxTensor?[step.Inputs.Length];
            for (var i = 0; i < ins.Length; i++)
            {
                ins[i] = step.Inputs[i] < 0 ? null : values[step.Inputs[i]];
            }

            var outs = new OnnxTensor?[step.Outputs.Length];
            try
            {
                step.Kernel.Run(ins, outs);
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or ArithmeticException or IndexOutOfRangeException or ArgumentException or InvalidCastException or OverflowException)
            {
                throw new OnnxRuntimeException($"{step.Node.OpType} ({step.Node.Describe()}) failed: {ex.Message}", ex);
            }

            for (var i = 0; i < outs.Length; i++)
            {
                var slot = step.Outputs[i];
                if (slot < 0)
                {
                    continue;
                }

                var t = outs[i] ?? throw new OnnxRuntimeException($"{step.Node.Describe()} did not produce output '{step.Node.Outputs[i]}'.");
                if (t.Type != ValueTypes[slot])
                {
                    throw new OnnxRuntimeException($"{step.Node.Describe()} produced {OnnxTypes.Name(t.Type)} for '{step.Node.Outputs[i]}', planned {OnnxTypes.Name(ValueTypes[slot])}.");
                }

                values[slot] = t;
            }
        }

        return values;
    }

    private static void CheckShape(string name, IReadOnlyList<Dimension> declared, int[] actual)
    {
        if (declared.Count != actual.Length)
        {
            throw new OnnxRuntimeException($"Input '{name}' must have rank {declared.Count}, got shape {OnnxTensor.Format(actual)}.");
        }

        for (var i = 0; i < actual.Length; i++)
        {
            if (declared[i].Value is { } v && v != actual[i])
            {
                throw new OnnxRuntimeException($"Input '{name}' dimension {i} must be {v}, got {actual[i]}.");
            }
        }
    }
}
