namespace Rampart.Evaluation.Fairness;

/// <summary>Collects the reasons and notes of a point estimate, by value index (see <see cref="ConfusionKernel"/>).</summary>
internal sealed class Explanation
{
    public Explanation(int valueCount, IReadOnlyList<string> groupNames)
    {
        Reasons = new string?[valueCount];
        Notes = new string?[valueCount];
        GroupNames = groupNames;
    }

    public string?[] Reasons { get; }

    public string?[] Notes { get; }

    public IReadOnlyList<string> GroupNames { get; }

    public void Undefined(int index, double value, string reason)
    {
        if (double.IsNaN(value))
        {
            Reasons[index] = reason;
        }
    }

    public void Set(int index, double value, string? reason, string? note)
    {
        if (double.IsNaN(value))
        {
            Reasons[index] = reason ?? "An input to this metric is undefined.";
        }
        else
        {
            Notes[index] = note;
        }
    }
}
