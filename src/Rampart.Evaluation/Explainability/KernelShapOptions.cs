namespace Rampart.Evaluation.Explainability;

/// <summary>Settings of <see cref="KernelShap"/>.</summary>
public sealed record KernelShapOptions
{
    /// <summary>
    /// Coalitions evaluated per explained row; <c>null</c> (default) for shap's "auto", 2M + 2048. When 2^M − 2 fits
    /// the budget (always for M ≤ 11) every coalition is enumerated and the values are exact.
    /// </summary>
    public int? Samples { get; init; }

    /// <summary>Seed of the coalition sampling (used only when not every coalition fits the budget). Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Most rows per model call (background rows × coalitions are batched up to this). Default 65,536.</summary>
    public int MaxBatchRows { get; init; } = 65_536;

    /// <summary>
    /// Explained rows processed at once (each with its own model calls). Default 1; raise it only for a model that
    /// may be called concurrently (the built-in and ONNX models may). Results do not depend on it.
    /// </summary>
    public int Parallelism { get; init; } = 1;
}
