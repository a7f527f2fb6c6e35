namespace Rampart.Evaluation.Explainability;

/// <summary>Settings of <see cref="SurrogateTree"/>.</summary>
public sealed record SurrogateTreeOptions
{
    /// <summary>Maximum depth (1 to 10). Default 3: at most 8 rules, still readable.</summary>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Fewest training rows in a leaf. Default 1 (scikit-learn's min_samples_leaf).</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Share of rows held out to measure fidelity, in [0, 1). Default 0.25; 0 measures on the training rows.</summary>
    public double HoldoutShare { get; init; } = 0.25;

    /// <summary>Seed of the train / held-out split. Default 0.</summary>
    public int Seed { get; init; }
}
