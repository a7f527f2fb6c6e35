using System.Collections.Immutable;
using System.Globalization;

namespace Rampart.Evaluation.Mitigation;

/// <summary>The weights of a reweighing, per (group, label) cell and per row, writable as CSV.</summary>
public sealed class ReweighingResult
{
    private readonly double[] _rowWeights;

    internal ReweighingResult(ImmutableArray<string> features, ImmutableArray<ReweighingCell> cells, double[] rowWeights)
    {
        Features = features;
        Cells = cells;
        _rowWeights = rowWeights;
    }

    /// <summary>The sensitive features whose intersection makes the groups.</summary>
    public ImmutableArray<string> Features { get; }

    /// <summary>Every non-empty cell, by group then label.</summary>
    public ImmutableArray<ReweighingCell> Cells { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _rowWeights.Length;

    /// <summary>The weight of every row: its cell's weight.</summary>
    public ReadOnlySpan<double> RowWeights => _rowWeights;

    /// <summary>The row weights as floats, for <c>Rampart.ML.Training.TrainingSet</c>'s sample weights.</summary>
    /// <returns>A new array.</returns>
    public float[] ToSampleWeights() => [.. _rowWeights.Select(w => (float)w)];

    /// <summary>Writes <c>row,weight</c> with one line per row; rows are numbered from 1 in input order (the first data row is 1).</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public async Task WriteRowWeightsCsvAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync("row,weight\n".AsMemory(), cancellationToken).ConfigureAwait(false);
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < _rowWeights.Length; i++)
        {
            line.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(',').Append(_rowWeights[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            if (line.Length > 64 * 1024 || i == _rowWeights.Length - 1)
            {
                await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                line.Clear();
            }
        }
    }

    /// <summary>
    /// Writes one line per cell: the sensitive features' values, then <c>label,count,expected_count,weight</c>.
    /// Text is quoted as RFC 4180 requires.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public async Task WriteCellsCsvAsync(TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = new System.Text.StringBuilder();
        text.AppendJoin(',', Features.Select(Quote)).Append(",label,count,expected_count,weight\n");
        foreach (var cell in Cells)
        {
            text.AppendJoin(',', cell.Values.Select(Quote)).Append(',').Append(Quote(cell.LabelName)).Append(',')
                .Append(cell.Count.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(cell.ExpectedCount.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(cell.Weight.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
