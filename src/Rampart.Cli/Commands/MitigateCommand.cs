using System.CommandLine;
using Rampart.Evaluation.Fairness;
using Rampart.Evaluation.Mitigation;
using Rampart.ML.Data;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart mitigate</c>: fairness mitigations: <c>reweigh</c> (AIF360 reweighing, pre-processing),
/// <c>thresholds</c> (fairlearn ThresholdOptimizer, post-processing) and <c>expgrad</c> (fairlearn
/// ExponentiatedGradient, in-processing).
/// </summary>
internal static partial class MitigateCommand
{
    private static readonly Option<string> Data = new("--data") { Description = "The labelled training CSV (header row required).", Required = true };
    private static readonly Option<string> Label = new("--label") { Description = "The label column (class labels).", Required = true };
    private static readonly Option<string[]> Sensitive = new("--sensitive") { Description = "Sensitive columns; their intersection makes the groups.", Required = true, AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> Output = new("--output", "-o") { Description = "The row weights CSV to write: 'row,weight', one line per data row, numbered from 1.", Required = true };

    public static Command Create(CliContext context)
    {
        var reweigh = new Command("reweigh", "Compute reweighing weights w(group, label) = P(group) P(label) / P(group, label), so that under the weights the label is independent of the groups. Writes one weight per row; prints the weight of each (group, label) cell as CSV.")
        {
            Data, Label, Sensitive, Output,
        };
        reweigh.SetAction((parse, token) => ReweighAsync(context, parse, token));
        return new Command("mitigate", "Fairness mitigation (reweigh, thresholds, expgrad).") { reweigh, ThresholdsCommand(context), ExpgradCommand(context) };
    }

    private static async Task<int> ReweighAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var options = new DatasetReadOptions { Label = parse.GetValue(Label), Sensitive = [.. parse.GetValue(Sensitive) ?? []] };
        var read = await TabularDatasetReader.ReadAsync(parse.GetValue(Data)!, options, cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data or the column names; nothing was written");
        }

        var data = read.Value!;
        var label = data.Label!;
        if (label.Task != LabelTask.Classification)
        {
            return context.UsageError($"{label.Column}: the label is numeric; reweighing needs class labels (a few distinct values).");
        }

        var result = Reweighing.Compute(label.ClassIndices, SensitiveFeature.FromDataset(data), label.ClassNames);
        if (!result.IsValid)
        {
            return context.Problems(result.Problems, "in the data; nothing was written");
        }

        var weights = result.Value!;
        using (var rows = new StringWriter())
        {
            await weights.WriteRowWeightsCsvAsync(rows, cancellationToken).ConfigureAwait(false);
            var output = parse.GetValue(Output)!;
            if (!await AtomicFile.TryWriteAsync(context, output, new System.Text.UTF8Encoding(false).GetBytes(rows.ToString()), cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.ToolError;
            }

            context.Error.WriteLine($"Wrote {weights.RowCount} row weights over {weights.Cells.Length} (group, label) cells to {output}.");
        }

        await weights.WriteCellsCsvAsync(context.Out, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
