using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Rampart.Evaluation.Explainability;

/// <summary>One node of a surrogate tree. Rows with <c>x[Feature] &lt;= Threshold</c> go to <see cref="Left"/>.</summary>
public sealed record SurrogateNode
{
    /// <summary>The split feature, or -1 for a leaf.</summary>
    public required int Feature { get; init; }

    /// <summary>The split threshold (midpoint between neighbouring training values); 0 for a leaf.</summary>
    public required double Threshold { get; init; }

    /// <summary>Left child index, or -1.</summary>
    public required int Left { get; init; }

    /// <summary>Right child index, or -1.</summary>
    public required int Right { get; init; }

    /// <summary>The node's prediction: the mean target (regression) or the majority class index (classification).</summary>
    public required double Value { get; init; }

    /// <summary>For classification, the share of the node's training rows in the majority class; for regression, <c>NaN</c>.</summary>
    public required double Purity { get; init; }

    /// <summary>Training rows reaching the node.</summary>
    public required int Samples { get; init; }

    /// <summary>Depth, 0 at the root.</summary>
    public required int Depth { get; init; }
}

/// <summary>A shallow decision tree fitted to a model's predictions, with its fidelity to the model.</summary>
public sealed record SurrogateTreeResult
{
    /// <summary>What the tree imitates (for example <c>predicted class</c> or <c>P(class = 1)</c>).</summary>
    public required string Target { get; init; }

    /// <summary><c>true</c> when the tree predicts classes (gini), <c>false</c> for a number (squared error).</summary>
    public required bool Classification { get; init; }

    /// <summary>Class labels by index, for classification; empty otherwise.</summary>
    public ImmutableArray<string> ClassLabels { get; init; } = [];

    /// <summary>Feature names used in the rules.</summary>
    public required ImmutableArray<string> FeatureNames { get; init; }

    /// <summary>The nodes, root first.</summary>
    public required ImmutableArray<SurrogateNode> Nodes { get; init; }

    /// <summary>
    /// Fidelity on the held-out rows: the share of rows where the tree's class equals the model's (classification), or
    /// R² of the tree's output against the model's (regression). <c>NaN</c> when undefined (constant model output in
    /// regression).
    /// </summary>
    public required double Fidelity { get; init; }

    /// <summary>The same measure on the training rows.</summary>
    public required double TrainingFidelity { get; init; }

    /// <summary>Rows used to fit.</summary>
    public required int TrainingRows { get; init; }

    /// <summary>Rows the fidelity was measured on (the training rows when nothing was held out).</summary>
    public required int HoldoutRows { get; init; }

    /// <summary>One rule per leaf, left to right, in the user's column names.</summary>
    public ImmutableArray<string> Rules => [.. Leaves().Select(l => $"if {(l.Conditions.Count == 0 ? "always" : string.Join(" and ", l.Conditions))} then {Describe(Nodes[l.Node])}")];

    /// <summary>The tree as indented text, one node a line.</summary>
    /// <returns>The text.</returns>
    public string Print()
    {
        var text = new StringBuilder();
        Print(0, text);
        return text.ToString();
    }

    private void Print(int index, StringBuilder text)
    {
        var node = Nodes[index];
        var indent = new string(' ', 2 * node.Depth);
        if (node.Feature < 0)
        {
            text.Append(indent).Append(Describe(node)).Append('\n');
            return;
        }

        text.Append(indent).Append(FeatureNames[node.Feature]).Append(" <= ").Append(Number(node.Threshold)).Append('\n');
        Print(node.Left, text);
        text.Append(indent).Append(FeatureNames[node.Feature]).Append(" > ").Append(Number(node.Threshold)).Append('\n');
        Print(node.Right, text);
    }

    private string Describe(SurrogateNode leaf)
    {
        var rows = $"({leaf.Samples} rows)";
        if (!Classification)
        {
            return $"{Target} = {Number(leaf.Value)} {rows}";
        }

        var index = (int)leaf.Value;
        var label = index < ClassLabels.Length ? ClassLabels[index] : index.ToString(CultureInfo.InvariantCulture);
        return $"{Target} = {label} ({Number(100 * leaf.Purity)}% of {leaf.Samples} rows)";
    }

    private List<(int Node, List<string> Conditions)> Leaves()
    {
        var result = new List<(int, List<string>)>();
        Walk(0, []);
        return result;

        void Walk(int index, List<string> conditions)
        {
            var node = Nodes[index];
            if (node.Feature < 0)
            {
                result.Add((index, conditions));
                return;
            }

            var name = FeatureNames[node.Feature];
            Walk(node.Left, [.. conditions, $"{name} <= {Number(node.Threshold)}"]);
            Walk(node.Right, [.. conditions, $"{name} > {Number(node.Threshold)}"]);
        }
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
