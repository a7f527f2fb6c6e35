using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Tensors;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// The SHAP explainer for a predictor: exact TreeSHAP of the raw score when the predictor is an ONNX tree ensemble
/// TreeSHAP can read (and trees are wanted), otherwise KernelSHAP of the predicted probability or score. What
/// <c>rampart eval explain</c> and the <c>EXPLAINABILITY</c> check both use.
/// </summary>
public sealed class PredictorShap
{
    private readonly OnnxTreeEnsemble? _trees;
    private readonly int _treeOutput;
    private readonly ExplainedOutput? _kernel;

    private PredictorShap(OnnxTreeEnsemble? trees, int treeOutput, ExplainedOutput? kernel)
    {
        _trees = trees;
        _treeOutput = treeOutput;
        _kernel = kernel;
    }

    /// <summary><c>TreeSHAP</c> or <c>KernelSHAP</c>.</summary>
    public string Method => _trees is null ? "KernelSHAP" : "TreeSHAP";

    /// <summary>Picks the explainer.</summary>
    /// <param name="predictor">The model.</param>
    /// <param name="preferTrees">Use TreeSHAP when the model is a tree ensemble it can read.</param>
    /// <returns>The explainer.</returns>
    public static PredictorShap For(IPredictor predictor, bool preferTrees = true)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return For(predictor, preferTrees ? TreeEnsembleOf(predictor).Ensemble : null);
    }

    /// <summary>
    /// Picks the explainer for an ensemble already read with <see cref="TreeEnsembleOf"/>, so a caller that also
    /// wants the reason reads the model once.
    /// </summary>
    /// <param name="predictor">The model.</param>
    /// <param name="trees">The ensemble <see cref="TreeEnsembleOf"/> gave for <paramref name="predictor"/>, for
    /// TreeSHAP; <c>null</c> for KernelSHAP.</param>
    /// <returns>The explainer.</returns>
    public static PredictorShap For(IPredictor predictor, OnnxTreeEnsemble? trees)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return trees is not null
            ? new PredictorShap(trees, TreeOutput(trees, predictor.Info), null)
            : new PredictorShap(null, 0, ExplainedOutput.FromPredictor(predictor));
    }

    /// <summary>The tree ensemble TreeSHAP can explain behind an ONNX predictor, or why there is none.</summary>
    /// <param name="predictor">The model.</param>
    /// <returns>The ensemble, or <c>null</c> and the reason.</returns>
    public static (OnnxTreeEnsemble? Ensemble, string? Reason) TreeEnsembleOf(IPredictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor is not OnnxPredictor onnx)
        {
            return (null, "TreeSHAP reads ONNX tree ensembles; the model is not an ONNX model.");
        }

        var read = OnnxTreeEnsembleReader.TryRead(onnx);
        if (read.Ensemble is not { } ensemble)
        {
            return (null, read.Reason);
        }

        return TreeShap.CanExplain(ensemble, out var why) ? (ensemble, null) : (null, why);
    }

    /// <summary>Explains rows against background rows.</summary>
    /// <param name="background">Background rows.</param>
    /// <param name="rows">Rows to explain.</param>
    /// <param name="seed">KernelSHAP's coalition sampling seed.</param>
    /// <param name="featureNames">Feature names.</param>
    /// <param name="cancellationToken">Cancels KernelSHAP.</param>
    /// <returns>The explanation.</returns>
    public async Task<ShapExplanation> ExplainAsync(FloatMatrix background, FloatMatrix rows, int seed, IReadOnlyList<string>? featureNames, CancellationToken cancellationToken) => _trees is null
        ? await KernelShap.ExplainAsync(_kernel!, background, rows, new KernelShapOptions { Seed = seed }, featureNames, cancellationToken).ConfigureAwait(false)
        : TreeShap.Explain(_trees, background, rows, _treeOutput, featureNames);

    /// <summary>
    /// The raw score that stands for the output column KernelSHAP would explain (the favourable class 1 of a binary
    /// classifier, else column 0): under a sigmoid link the single score is the log-odds of class 1.
    /// </summary>
    private static int TreeOutput(OnnxTreeEnsemble trees, PredictorInfo info)
    {
        if (trees.OutputLink is OnnxTreeOutputLink.Sigmoid or OnnxTreeOutputLink.SigmoidPair)
        {
            return 0;
        }

        var column = info.Kind == PredictionKind.Classification && info.OutputCount == 2 ? 1 : 0;
        return Math.Min(column, trees.TargetCount - 1);
    }
}
