namespace Rampart.Evaluation.Robustness;

/// <summary>The norm a perturbation's size is measured in.</summary>
public enum PerturbationNorm
{
    /// <summary>The Euclidean norm, √Σδ².</summary>
    L2,

    /// <summary>The largest absolute change of any feature.</summary>
    LInfinity,
}
