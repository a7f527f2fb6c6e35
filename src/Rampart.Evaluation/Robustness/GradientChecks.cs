using System.Globalization;
using Rampart.Diagnostics;

namespace Rampart.Evaluation.Robustness;

/// <summary>Option checks shared by the attacks.</summary>
internal static class GradientChecks
{
    public static void Positive(double value, string field, List<Problem> problems)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            problems.Add(new Problem { Field = field, Message = $"{field} is {value.ToString(CultureInfo.InvariantCulture)}; give a finite number above 0." });
        }
    }

    public static void Norm(PerturbationNorm norm, List<Problem> problems)
    {
        if (!Enum.IsDefined(norm))
        {
            problems.Add(new Problem { Field = "norm", Message = $"norm {(int)norm} is not L2 or LInfinity." });
        }
    }

    public static void AtLeast(int value, int least, string field, List<Problem> problems)
    {
        if (value < least)
        {
            problems.Add(new Problem { Field = field, Message = $"{field} is {value}; give at least {least}." });
        }
    }
}
