namespace Rampart.ML.Onnx.Operators.AiOnnx;

/// <summary>Registers the default ONNX domain (<c>ai.onnx</c>, written "" in models). One file per operator family.</summary>
internal static class AiOnnxOperators
{
    /// <summary>Highest ai.onnx operator-set version accepted. Versions 19-21 only added element types this interpreter refuses anyway.</summary>
    public const long MaxOpset = 21;

    public static void Register(OperatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddDomain(string.Empty, 1, MaxOpset);
        ElementwiseOperators.Register(registry);
        ActivationOperators.Register(registry);
        LinearOperators.Register(registry);
        ShapeOperators.Register(registry);
        TensorOperators.Register(registry);
        ReductionOperators.Register(registry);
        NeuralOperators.Register(registry);
    }
}
