using System.Collections.Immutable;

namespace Rampart.ModelFiles.TensorFlow;

/// <summary>One node of a graph or of a library function, as far as the scanner needs it.</summary>
/// <param name="Op">The operator (the last <c>op</c> value, as protobuf keeps the last).</param>
/// <param name="OtherOps">Earlier <c>op</c> values of the same node (a parser differential when not empty).</param>
/// <param name="Name">The node name.</param>
/// <param name="Function">The library function holding the node, or <c>null</c> for the main graph.</param>
/// <param name="Offset">Byte offset of the NodeDef.</param>
/// <param name="Attributes">The string attributes the policy looks at (<c>output_stream</c>, <c>debug_urls</c>, <c>token</c>).</param>
internal sealed record GraphNode(
    string Op, ImmutableArray<string> OtherOps, string Name, string? Function, long Offset, ImmutableDictionary<string, string> Attributes)
{
    /// <summary>The node as findings name it: <c>node</c>, or <c>function/node</c> inside a library function.</summary>
    public string Label => Function is null ? Name : $"{Function}/{Name}";
}
