using System.Globalization;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Onnx;

/// <summary>
/// Analyses an ONNX model without loading it: the protobuf structure is walked by position (tensor payloads are
/// skipped), then the graph's data flow, operator domains, Python and custom operators, tensor sizes and external
/// data paths are checked. Subgraphs (If, Loop, Scan bodies), model-local functions and training graphs are walked
/// too.
/// </summary>
internal sealed partial class OnnxScanner : IFormatScanner
{
    /// <summary>The highest ir_version ONNX has defined that the scanner knows.</summary>
    public const long MaxKnownIrVersion = 12;

    /// <summary>The highest default-domain opset the scanner knows.</summary>
    public const long MaxKnownOpset = 30;

    /// <summary>A metadata value above this size is reported.</summary>
    public const long MaxMetadataValueBytes = 1 << 20;

    private static readonly HashSet<string> StandardDomains = new(StringComparer.Ordinal)
    {
        string.Empty, "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training",
    };

    private static readonly HashSet<string> RuntimeContribDomains = new(StringComparer.Ordinal)
    {
        "com.microsoft", "com.microsoft.nchwc", "com.microsoft.experimental", "com.ms.internal.nhwc", "com.microsoft.dml",
    };

    private static readonly HashSet<string> PythonOperators = new(StringComparer.Ordinal) { "PyOp", "PythonOp", "PythonOpGrad" };

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Onnx];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => OnnxRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session) => new Run(input, session).Scan();

    private static string Normalize(string domain) => domain == "ai.onnx" ? string.Empty : domain;

    private static string Display(string domain) => domain.Length == 0 ? "ai.onnx" : domain;

    private sealed partial class Run(ScanInput input, ScanSession session)
    {
        private readonly Dictionary<(string Domain, string Op), (int Count, NodeSummary First, string Label)> _customOperators = [];
        private readonly HashSet<(string Domain, string Name)> _functions = [];
        private readonly Dictionary<string, string> _checksums = new(StringComparer.Ordinal);
        private ProtobufReader _reader = null!;

        public void Scan()
        {
            _reader = new ProtobufReader(input.Stream, session.Limits.MaxHeaderBytes, OnnxRules.MalformedProtobuf.Id, session.CancellationToken) { Position = 0 };
            var modelReader = new OnnxModelReader(_reader, session.Limits.MaxStructureDepth, CheckTensor);
            var model = modelReader.ReadModel(input.Length);
            ReportReadAnomalies(model, modelReader);
            if (model.Graph is null)
            {
                throw new MalformedFileException(OnnxRules.MalformedProtobuf.Id, "The model has no graph.", 0);
            }

            CheckIrVersion(model);
            var opsets = CheckOpsets(model.Opsets, "The model");
            foreach (var function in model.Functions)
            {
                _functions.Add((Normalize(function.Domain), function.Name));
            }

            var main = AnalyseGraph(model.Graph, null, opsets);
            foreach (var function in model.Functions)
            {
                var functionOpsets = function.Opsets.Count > 0 ? CheckOpsets(function.Opsets, $"Function '{function.Domain}.{function.Name}'") : opsets;
                AnalyseGraph(function.Body, null, functionOpsets);
            }

            foreach (var training in model.TrainingGraphs)
            {
                AnalyseGraph(training, main, opsets);
            }

            ReportOperators();
        }

        private void ReportReadAnomalies(ModelSummary model, OnnxModelReader reader)
        {
            if (model.GraphFields > 1)
            {
                session.Report(
                    OnnxRules.Anomaly,
                    $"The graph field appears {model.GraphFields} times; protobuf merges them into one graph, which tools reading only the first miss.",
                    input.Location,
                    verdict: FileVerdict.Suspicious,
                    severity: Rampart.Checks.Severity.Medium);
            }

            if (reader.WireMismatches > 0)
            {
                session.Report(
                    OnnxRules.Anomaly,
                    $"{reader.WireMismatches:N0} known fields have an unexpected wire type; runtimes ignore them as unknown fields, and so did the scanner.",
                    input.Location);
            }

            if (reader.LargestMetadata.Bytes > MaxMetadataValueBytes)
            {
                session.Report(
                    OnnxRules.Anomaly,
                    $"The metadata entry '{reader.LargestMetadata.Key}' is {reader.LargestMetadata.Bytes:N0} bytes; metadata is normally short text.",
                    input.Location.AtNode(reader.LargestMetadata.Key),
                    evidence: [new("metadata_bytes", reader.MetadataBytes.ToString(CultureInfo.InvariantCulture))]);
            }
        }

        private void CheckIrVersion(ModelSummary model)
        {
            if (model.IrVersion is not { } version || version < 1 || version > MaxKnownIrVersion)
            {
                session.Report(
                    OnnxRules.IrVersion,
                    model.IrVersion is null
                        ? "The model has no ir_version."
                        : $"The model's ir_version is {model.IrVersion}, outside the known range 1 to {MaxKnownIrVersion}.",
                    input.Location);
            }

            if (model.Opsets.Count == 0 && model.IrVersion >= 3)
            {
                session.Report(OnnxRules.OpsetImport, "The model imports no opset; from ir_version 3 on every model must.", input.Location);
            }
        }

        private Dictionary<string, long> CheckOpsets(List<OpsetImport> imports, string owner)
        {
            var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var import in imports)
            {
                var domain = Normalize(import.Domain);
                var location = input.Location.At(import.Offset).AtNode(Display(domain));
                if (!opsets.TryAdd(domain, import.Version))
                {
                    session.Report(OnnxRules.OpsetImport, $"{owner} imports the domain '{Display(domain)}' more than once.", location);
                    opsets[domain] = import.Version;
                }

                if (import.Version < 1)
                {
                    session.Report(OnnxRules.OpsetImport, $"{owner} imports the domain '{Display(domain)}' with the invalid version {import.Version}.", location);
                }
                else if (domain.Length == 0 && import.Version > MaxKnownOpset)
                {
                    session.Report(OnnxRules.Anomaly, $"{owner} imports ai.onnx opset {import.Version}, newer than the opsets the scanner knows.", location);
                }
            }

            return opsets;
        }

        private Scope AnalyseGraph(GraphSummary graph, Scope? outer, Dictionary<string, long> opsets)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var scope = new Scope(outer);
            foreach (var name in graph.Inputs.Concat(graph.Initializers))
            {
                if (name.Length > 0)
                {
                    scope.Names.Add(name);
                }
            }

            var producers = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < graph.Nodes.Count; i++)
            {
                var node = graph.Nodes[i];
                foreach (var output in node.Outputs.Where(output => output.Length > 0))
                {
                    if (producers.ContainsKey(output) || scope.Names.Contains(output))
                    {
                        Report(
                            OnnxRules.GraphTopology,
                            $"Node '{OnnxModelReader.Label(graph, node, i)}' produces '{output}', which {(producers.TryGetValue(output, out var first) ? $"node '{OnnxModelReader.Label(graph, graph.Nodes[first], first)}' already produces" : "is already a graph input or initializer")}.",
                            graph, node, i);
                    }
                    else
                    {
                        producers[output] = i;
                    }
                }
            }

            var missingDomains = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < graph.Nodes.Count; i++)
            {
                var node = graph.Nodes[i];
                var label = OnnxModelReader.Label(graph, node, i);
                CheckOperator(node, label, opsets, missingDomains, graph, i);
                foreach (var name in node.Inputs.Where(name => name.Length > 0))
                {
                    if (scope.Contains(name))
                    {
                        continue;
                    }

                    var message = producers.TryGetValue(name, out var producer) && producer >= i
                        ? $"Node '{label}' uses '{name}', which node '{OnnxModelReader.Label(graph, graph.Nodes[producer], producer)}' produces {(producer == i ? "itself" : "later")}: ONNX requires topological order, and this may be a cycle."
                        : $"Node '{label}' uses '{name}', which no graph input, initializer or earlier node defines.";
                    Report(OnnxRules.GraphTopology, message, graph, node, i, subject: null);
                }

                foreach (var subgraph in node.Subgraphs)
                {
                    AnalyseGraph(subgraph, scope, opsets);
                }

                foreach (var output in node.Outputs.Where(output => output.Length > 0))
                {
                    scope.Names.Add(output);
                }
            }

            foreach (var output in graph.Outputs.Where(output => output.Length > 0 && !scope.Contains(output)))
            {
                session.Report(
                    OnnxRules.GraphTopology,
                    $"The output '{output}' of {graph.Path} is produced by no node, input or initializer.",
                    input.Location.At(graph.Offset).AtNode(graph.Path));
            }

            return scope;
        }

        private void CheckOperator(NodeSummary node, string label, Dictionary<string, long> opsets, HashSet<string> missingDomains, GraphSummary graph, int index)
        {
            var domain = Normalize(node.Domain);
            if (!opsets.ContainsKey(domain) && missingDomains.Add(domain))
            {
                Report(
                    OnnxRules.OpsetImport,
                    $"Node '{label}' ({node.OpType}) uses the domain '{Display(domain)}', which {graph.Path} does not import.",
                    graph, node, index, subject: node.OpType);
            }

            if (PythonOperators.Contains(node.OpType))
            {
                Report(
                    OnnxRules.PythonOperator,
                    $"Node '{label}' uses the operator {Display(domain)}.{node.OpType}, which runs Python code when the model runs.",
                    graph, node, index, subject: node.OpType, evidence: [new("domain", Display(domain))]);
                return;
            }

            if (StandardDomains.Contains(domain) || _functions.Contains((domain, node.OpType)))
            {
                return;
            }

            var key = (domain, node.OpType);
            _customOperators[key] = _customOperators.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : (1, node, label);
        }

        private void ReportOperators()
        {
            foreach (var ((domain, op), (count, first, label)) in _customOperators.OrderBy(pair => pair.Key.Domain, StringComparer.Ordinal).ThenBy(pair => pair.Key.Op, StringComparer.Ordinal))
            {
                var contrib = RuntimeContribDomains.Contains(domain);
                var strict = session.Options.Strict && !contrib;
                session.Report(
                    contrib ? OnnxRules.RuntimeContribOperator : OnnxRules.CustomOperator,
                    contrib
                        ? $"{count:N0} node(s) use the onnxruntime operator {domain}.{op}, first '{label}'."
                        : $"{count:N0} node(s) use the custom operator {domain}.{op}, first '{label}'; running it needs a custom-operator library.",
                    input.Location.At(first.Offset).AtNode(label),
                    subject: op,
                    evidence: [new("domain", domain), new("nodes", count.ToString(CultureInfo.InvariantCulture))],
                    severity: strict ? Rampart.Checks.Severity.High : null,
                    verdict: strict ? FileVerdict.Dangerous : null);
            }
        }

        private void Report(
            ScanRule rule, string message, GraphSummary graph, NodeSummary node, int index, string? subject = null, KeyValuePair<string, string>[]? evidence = null) =>
            session.Report(rule, message, input.Location.At(node.Offset).AtNode(OnnxModelReader.Label(graph, node, index)), subject, evidence);

        private sealed class Scope(Scope? parent)
        {
            public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

            public bool Contains(string name) => Names.Contains(name) || (parent?.Contains(name) ?? false);
        }
    }
}
