namespace Rampart.Evaluation.Robustness;

/// <summary>One point of an accuracy-versus-budget curve.</summary>
/// <param name="Epsilon">The perturbation budget (or corruption severity); 0 is the clean data.</param>
/// <param name="Accuracy">The share of rows classified correctly under it.</param>
/// <param name="SuccessRate">The share of rows whose class changed from the clean prediction (0 at budget 0).</param>
public sealed record CurvePoint(double Epsilon, double Accuracy, double SuccessRate);
