namespace Rampart.ML.Onnx.Operators.AiOnnxMl;

/// <summary>
/// Registers the traditional-ML domain <c>ai.onnx.ml</c> (opsets 1 to 3): linear and tree-ensemble models and the
/// preprocessing operators scikit-learn converters emit. Every factory checks input types and attributes at load.
/// </summary>
internal static class AiOnnxMlOperators
{
    public const string Domain = "ai.onnx.ml";

    /// <summary>Highest ai.onnx.ml operator-set version accepted (opset 4 changed LabelEncoder, 5 replaced the tree ensembles).</summary>
    public const long MaxOpset = 3;

    public static void Register(OperatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddDomain(Domain, 1, MaxOpset);
        registry.Add(Domain, "LinearClassifier", LinearClassifierKernel.Bind);
        registry.Add(Domain, "LinearRegressor", LinearRegressorKernel.Bind);
        registry.Add(Domain, "TreeEnsembleClassifier", TreeEnsembleClassifierKernel.Bind);
        registry.Add(Domain, "TreeEnsembleRegressor", TreeEnsembleRegressorKernel.Bind);
        registry.Add(Domain, "Scaler", ScalerKernel.Bind);
        registry.Add(Domain, "Normalizer", NormalizerKernel.Bind);
        registry.Add(Domain, "Imputer", ImputerKernel.Bind);
        registry.Add(Domain, "OneHotEncoder", OneHotEncoderKernel.Bind);
        registry.Add(Domain, "LabelEncoder", LabelEncoderKernel.Bind);
        registry.Add(Domain, "Binarizer", BindBinarizer);
        registry.Add(Domain, "ArrayFeatureExtractor", ArrayFeatureExtractorKernel.Bind);
        registry.Add(Domain, "ZipMap", ZipMapKernel.Bind);
    }

    private static KernelBinding BindBinarizer(NodeContext c)
    {
        c.RequireInputs(1, 1);
        var t = c.RequireType(0, MlInput.Numeric, MlInput.NumericNames);
        var kernel = Generic.Create<IKernel>(typeof(BinarizerKernel<>), [Generic.Clr(t)], c.Float("threshold", 0f));
        return KernelBinding.Of(kernel, t);
    }
}
