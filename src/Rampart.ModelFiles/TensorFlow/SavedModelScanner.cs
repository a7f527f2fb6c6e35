using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Rampart.Checks;
using Rampart.ModelFiles.Formats;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>
/// Scans a TensorFlow SavedModel protobuf (<c>saved_model.pb</c>): every operator of every meta graph and library
/// function against the standard operator list and the risky ones. Scanned from disk as <c>saved_model.pb</c>, it
/// also checks the SavedModel folder (variables, fingerprint, stray executables).
/// </summary>
internal sealed partial class SavedModelScanner : IFormatScanner
{
    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.SavedModel];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules { get; } = TensorFlowRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var graph = SavedModelReader.Read(input.Stream, TensorFlowRules.ProtobufMalformed.Id, session.Limits, session.CancellationToken);
        if (graph.MetaGraphs == 0)
        {
            session.Report(TensorFlowRules.ProtobufMalformed, "The SavedModel has no MetaGraphDef, so TensorFlow cannot load it.", input.Location);
        }

        ReportNodes(graph, input, session);
        foreach (var (json, offset, identifier) in graph.UserObjectMetadata)
        {
            Keras.KerasConfigAnalyzer.Analyze(json, input, session, input.Location.At(offset), $"object graph metadata of '{identifier}'");
        }

        if (input.Depth == 0 && input.DiskPath is { } diskPath
            && string.Equals(Path.GetFileName(diskPath), "saved_model.pb", StringComparison.Ordinal))
        {
            SavedModelFolder.Check(diskPath, input, session);
        }
    }

    /// <summary>Reports the risky, unknown and malformed operators of a graph.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="input">Where it is.</param>
    /// <param name="session">Where findings go.</param>
    internal static void ReportNodes(SavedModelGraph graph, ScanInput input, ScanSession session)
    {
        var unknownCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var op in node.OtherOps.Add(node.Op))
            {
                if (op.Length > 0 && TensorFlowOps.RiskOf(op) is null && !TensorFlowOps.IsKnown(op) && !graph.Functions.Contains(op))
                {
                    unknownCounts[op] = unknownCounts.GetValueOrDefault(op) + 1;
                }
            }
        }

        var reportedUnknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var location = input.Location.At(node.Offset).AtNode(node.Label);
            if (node.Op.Length == 0)
            {
                session.Report(TensorFlowRules.ProtobufMalformed, $"Node '{node.Label}' has no operator; TensorFlow rejects the graph.", location);
                continue;
            }

            if (!node.OtherOps.IsEmpty)
            {
                session.Report(
                    TensorFlowRules.ProtobufMalformed,
                    $"Node '{node.Label}' names its operator {node.OtherOps.Length + 1} times ({string.Join(", ", node.OtherOps.Add(node.Op))}); protobuf keeps the last, other readers may not. Every value was checked.",
                    location,
                    subject: node.Op);
            }

            foreach (var op in node.OtherOps.Add(node.Op))
            {
                if (TensorFlowOps.RiskOf(op) is { } risk)
                {
                    ReportRisky(node, op, risk, location, session);
                }
                else if (unknownCounts.TryGetValue(op, out var count) && reportedUnknown.Add(op))
                {
                    var strict = session.Options.Strict;
                    session.Report(
                        TensorFlowRules.UnknownOp,
                        $"The operator {op} (node '{node.Label}'{(count > 1 ? $" and {count - 1} more" : string.Empty)}) is not a standard TensorFlow operator nor a library function; loading needs a custom-operator library (native code).",
                        location,
                        subject: op,
                        evidence: [new("nodes", count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                        severity: strict ? Severity.High : null,
                        verdict: strict ? FileVerdict.Dangerous : null);
                }
            }
        }
    }

    private static void ReportRisky(GraphNode node, string op, OpRisk risk, ScanLocation location, ScanSession session)
    {
        var evidence = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        if (node.Function is not null)
        {
            evidence.Add(new("function", node.Function));
        }

        foreach (var (key, value) in node.Attributes)
        {
            evidence.Add(new(key, value));
        }

        var where = $"node '{node.Label}'";
        switch (risk)
        {
            case OpRisk.Code:
                session.Report(TensorFlowRules.CodeExecutionOp, $"The operator {op} in {where} calls back into Python when the graph runs.", location, op, evidence);
                break;
            case OpRisk.File:
                session.Report(TensorFlowRules.FileOrNetworkOp, $"The operator {op} in {where} reads, writes or lists files when the graph runs.", location, op, evidence);
                break;
            case OpRisk.Network:
                session.Report(TensorFlowRules.FileOrNetworkOp, $"The operator {op} in {where} talks to another host or service when the graph runs.", location, op, evidence);
                break;
            case OpRisk.Checkpoint when !IsSaver(node):
                session.Report(
                    TensorFlowRules.CheckpointOpOutsideSaver,
                    $"The checkpoint operator {op} in {where} is outside the standard saver; it can read or write files at paths the graph chooses.",
                    location,
                    op,
                    evidence);
                break;
            case OpRisk.Output when node.Attributes.TryGetValue("output_stream", out var stream) && IsFileOrRemote(stream):
                session.Report(TensorFlowRules.FileOrNetworkOp, $"The operator {op} in {where} prints tensors to '{stream}'.", location, op, evidence);
                break;
            case OpRisk.Debug when node.Attributes.TryGetValue("debug_urls", out var urls) && IsFileOrRemote(urls):
                session.Report(TensorFlowRules.FileOrNetworkOp, $"The debugger operator {op} in {where} copies tensors to '{urls}'.", location, op, evidence);
                break;
            case OpRisk.Output:
                session.Report(TensorFlowRules.SideEffectOp, $"The operator {op} in {where} prints tensors when the graph runs.", location, op, evidence);
                break;
            case OpRisk.Debug:
                session.Report(TensorFlowRules.SideEffectOp, $"The debugger operator {op} in {where} is left in the graph.", location, op, evidence);
                break;
            case OpRisk.Process:
                session.Report(TensorFlowRules.SideEffectOp, $"The operator {op} in {where} can end the process.", location, op, evidence);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The saver heuristic: TF1 savers put their nodes under <c>save/</c> (<c>save_1/</c>...), TF2 SavedModels in
    /// the library functions <c>__inference__traced_save_N</c> and <c>__inference__traced_restore_N</c> (and
    /// <c>save_fn</c>/<c>restore_fn</c> of saveable objects such as lookup tables).
    /// </summary>
    private static bool IsSaver(GraphNode node) =>
        node.Function is { } function ? SaverFunction().IsMatch(function) : SaverScope().IsMatch(node.Name);

    private static bool IsFileOrRemote(string url) =>
        !url.StartsWith("stderr", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("stdout", StringComparison.OrdinalIgnoreCase)
        && !url.StartsWith("log(", StringComparison.OrdinalIgnoreCase) && url.Length > 0;

    [GeneratedRegex(@"^save(_\d+)?/", RegexOptions.CultureInvariant)]
    private static partial Regex SaverScope();

    [GeneratedRegex(@"(^|_)traced_(save|restore)(_\d+)?$|(^|_)(save|restore)_fn(_\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SaverFunction();
}
