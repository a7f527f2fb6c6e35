namespace Rampart.Evaluation.Robustness;

/// <summary>The evaluations <see cref="ModelRobustness"/> can run.</summary>
public enum RobustnessAttack
{
    /// <summary>FGSM (L-infinity) or FGM (L2): one gradient step; white-box.</summary>
    Fgsm,

    /// <summary>PGD: projected gradient descent; white-box.</summary>
    Pgd,

    /// <summary>HopSkipJump: decision-based, black-box, minimal perturbation.</summary>
    HopSkipJump,

    /// <summary>Square: score-based, black-box, L-infinity only.</summary>
    Square,

    /// <summary>Natural corruptions: noise, missing values, scaling, categorical flips.</summary>
    Natural,
}
