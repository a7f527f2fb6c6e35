using Rampart.ML.Onnx.Model;
using Rampart.ML.Onnx.Operators;

namespace Rampart.ML.Onnx.Runtime;

/// <summary>One step of the execution plan: a node, its bound kernel and its value slots (-1 for absent optional values).</summary>
internal sealed record PlannedNode(NodeProto Node, IKernel Kernel, int[] Inputs, int[] Outputs);
