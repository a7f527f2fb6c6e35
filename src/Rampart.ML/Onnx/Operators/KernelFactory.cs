namespace Rampart.ML.Onnx.Operators;

/// <summary>Binds one node: checks its types and attributes (throwing <see cref="OnnxFormatException"/>) and returns its kernel.</summary>
internal delegate KernelBinding KernelFactory(NodeContext context);
