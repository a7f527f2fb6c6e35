using System.Collections.Immutable;
using System.Globalization;
using Rampart.ML.Data;

namespace Rampart.Evaluation.Explainability;

/// <summary>
/// Finds sensitive attributes, and columns strongly associated with them (proxies), that hold more than the policy's
/// share of a model's importance. Association: Cramér's V (no bias correction) between two categorical or boolean
/// columns, the correlation ratio η between a numeric and a categorical column, |Pearson r| between two numeric
/// columns; rows where either value is missing are left out. Identifier columns are not measured.
/// </summary>
public static class ProxyDetector
{
    /// <summary>Checks column importances against the policy.</summary>
    /// <param name="columnImportances">Importances per dataset column (for example <see cref="ShapSummary.GlobalImportances"/> of <see cref="ShapSummary.GroupByColumns"/>).</param>
    /// <param name="data">The dataset holding the model columns and the sensitive attributes.</param>
    /// <param name="sensitiveColumns">Names of the sensitive columns (they need not be model inputs).</param>
    /// <param name="policy">Limits; <c>null</c> for the defaults.</param>
    /// <returns>The findings and every association measured.</returns>
    /// <exception cref="ArgumentException">When a sensitive column is not in the dataset, none is given, or a policy value is out of range.</exception>
    public static ProxyReport Detect(IReadOnlyList<GlobalImportance> columnImportances, TabularDataset data, IReadOnlyList<string> sensitiveColumns, ProxyPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(columnImportances);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sensitiveColumns);
        policy ??= new ProxyPolicy();
        if (!(policy.ImportanceShareLimit is >= 0 and <= 1))
        {
            throw new ArgumentException($"policy.ImportanceShareLimit must be in [0, 1]; got {policy.ImportanceShareLimit}.", nameof(policy));
        }

        if (!(policy.AssociationThreshold is >= 0 and <= 1))
        {
            throw new ArgumentException($"policy.AssociationThreshold must be in [0, 1]; got {policy.AssociationThreshold}.", nameof(policy));
        }

        if (sensitiveColumns.Count == 0)
        {
            throw new ArgumentException("sensitiveColumns is empty.", nameof(sensitiveColumns));
        }

        var sensitive = new List<DatasetColumn>();
        for (var i = 0; i < sensitiveColumns.Count; i++)
        {
            if (!data.TryGetColumn(sensitiveColumns[i], out var column))
            {
                throw new ArgumentException($"sensitiveColumns[{i}]: the dataset {data.Source} has no column '{sensitiveColumns[i]}'.", nameof(sensitiveColumns));
            }

            sensitive.Add(column);
        }

        var total = columnImportances.Sum(c => c.MeanAbsoluteShap);
        var findings = new List<ProxyFinding>();
        var associations = ImmutableArray.CreateBuilder<ProxyAssociation>();
        var unmatched = ImmutableArray.CreateBuilder<string>();
        var linked = sensitive.ToDictionary(a => a.Name, _ => new List<ProxyFinding>(), StringComparer.Ordinal);
        foreach (var importance in columnImportances)
        {
            var share = total > 0 ? importance.MeanAbsoluteShap / total : 0;
            if (!data.TryGetColumn(importance.Feature, out var column))
            {
                unmatched.Add(importance.Feature);
                continue;
            }

            foreach (var attribute in sensitive)
            {
                var association = string.Equals(column.Name, attribute.Name, StringComparison.Ordinal)
                    ? new ProxyAssociation(column.Name, attribute.Name, "itself", 1, data.RowCount)
                    : Associate(column, attribute);
                associations.Add(association);
                var isItself = association.Measure == "itself";
                if (!isItself && !(association.Value >= policy.AssociationThreshold))
                {
                    continue;
                }

                var why = isItself
                    ? $"The sensitive attribute '{attribute.Name}'"
                    : $"Column '{column.Name}', a proxy of the sensitive attribute '{attribute.Name}' ({association.Measure} {Format(association.Value)}),";
                var finding = new ProxyFinding
                {
                    Column = column.Name,
                    SensitiveAttribute = attribute.Name,
                    IsSensitiveAttribute = isItself,
                    Measure = association.Measure,
                    Association = association.Value,
                    ImportanceShare = share,
                    Message = $"{why} holds {Format(100 * share)}% of the model's total importance, {(share > policy.ImportanceShareLimit ? "above" : "within")} the policy's {Format(100 * policy.ImportanceShareLimit)}%.",
                };
                linked[attribute.Name].Add(finding);
                if (share > policy.ImportanceShareLimit)
                {
                    findings.Add(finding);
                }
            }
        }

        return new ProxyReport
        {
            Policy = policy,
            Findings = [.. findings.OrderByDescending(f => f.ImportanceShare)],
            Associations = associations.ToImmutable(),
            UnmatchedColumns = unmatched.ToImmutable(),
            Attributes = [.. sensitive.Select(a => Combine(a.Name, linked[a.Name], policy))],
        };
    }

    /// <summary>An attribute's combined share through itself and its proxies.</summary>
    private static AttributeShare Combine(string attribute, List<ProxyFinding> columns, ProxyPolicy policy)
    {
        var ordered = columns.OrderByDescending(c => c.ImportanceShare).ThenBy(c => c.Column, StringComparer.Ordinal).ToImmutableArray();
        var share = ordered.Sum(c => c.ImportanceShare);
        var exceeds = share > policy.ImportanceShareLimit;
        var through = string.Join(", ", ordered.Select(c => c.IsSensitiveAttribute
            ? $"itself ({Format(100 * c.ImportanceShare)}%)"
            : $"'{c.Column}' ({c.Measure} {Format(c.Association)}, {Format(100 * c.ImportanceShare)}%)"));
        var message = ordered.IsEmpty
            ? $"No model column is the sensitive attribute '{attribute}' or a proxy of it."
            : $"The sensitive attribute '{attribute}' holds {Format(100 * share)}% of the model's total importance through {through}, {(exceeds ? "above" : "within")} the policy's {Format(100 * policy.ImportanceShareLimit)}%.";
        return new AttributeShare { SensitiveAttribute = attribute, Columns = ordered, ImportanceShare = share, Exceeds = exceeds, Message = message };
    }

    /// <summary>The association of two columns, chosen by their types.</summary>
    internal static ProxyAssociation Associate(DatasetColumn a, DatasetColumn b)
    {
        var aNumeric = IsNumeric(a);
        var bNumeric = IsNumeric(b);
        if ((!aNumeric && !a.HasText) || (!bNumeric && !b.HasText) || a.Type == ColumnType.Identifier || b.Type == ColumnType.Identifier)
        {
            return new ProxyAssociation(a.Name, b.Name, "none", double.NaN, 0);
        }

        if (aNumeric && bNumeric)
        {
            var (r, n) = Pearson(a.Numbers, b.Numbers);
            return new ProxyAssociation(a.Name, b.Name, "|Pearson r|", Math.Abs(r), n);
        }

        if (aNumeric || bNumeric)
        {
            var (eta, n) = aNumeric ? CorrelationRatio(a.Numbers, b.Codes, b.Categories.Length) : CorrelationRatio(b.Numbers, a.Codes, a.Categories.Length);
            return new ProxyAssociation(a.Name, b.Name, "correlation ratio η", eta, n);
        }

        var (v, rows) = CramersV(a.Codes, a.Categories.Length, b.Codes, b.Categories.Length);
        return new ProxyAssociation(a.Name, b.Name, "Cramér's V", v, rows);
    }

    private static bool IsNumeric(DatasetColumn column) => column.Type == ColumnType.Numeric && column.HasNumbers;

    internal static (double Value, int Rows) Pearson(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sx = 0, sy = 0;
        var n = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!float.IsNaN(x[i]) && !float.IsNaN(y[i]))
            {
                sx += x[i];
                sy += y[i];
                n++;
            }
        }

        if (n < 2)
        {
            return (double.NaN, n);
        }

        double mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (!float.IsNaN(x[i]) && !float.IsNaN(y[i]))
            {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
            }
        }

        return (sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy), n);
    }

    internal static (double Value, int Rows) CorrelationRatio(ReadOnlySpan<float> values, ReadOnlySpan<int> codes, int categories)
    {
        var sums = new double[categories];
        var counts = new int[categories];
        double total = 0;
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsNaN(values[i]) && codes[i] >= 0)
            {
                sums[codes[i]] += values[i];
                counts[codes[i]]++;
                total += values[i];
                n++;
            }
        }

        if (n < 2)
        {
            return (double.NaN, n);
        }

        var mean = total / n;
        double within = 0, all = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsNaN(values[i]) && codes[i] >= 0)
            {
                var groupMean = sums[codes[i]] / counts[codes[i]];
                within += (values[i] - groupMean) * (values[i] - groupMean);
                all += (values[i] - mean) * (values[i] - mean);
            }
        }

        return (all == 0 ? double.NaN : Math.Sqrt(Math.Max(0, 1 - (within / all))), n);
    }

    internal static (double Value, int Rows) CramersV(ReadOnlySpan<int> a, int aCategories, ReadOnlySpan<int> b, int bCategories)
    {
        var table = new double[aCategories, bCategories];
        var rowTotals = new double[aCategories];
        var columnTotals = new double[bCategories];
        var n = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] >= 0 && b[i] >= 0)
            {
                table[a[i], b[i]]++;
                rowTotals[a[i]]++;
                columnTotals[b[i]]++;
                n++;
            }
        }

        var rowsUsed = rowTotals.Count(t => t > 0);
        var columnsUsed = columnTotals.Count(t => t > 0);
        var k = Math.Min(rowsUsed, columnsUsed);
        if (n == 0 || k < 2)
        {
            return (double.NaN, n);
        }

        double chi2 = 0;
        for (var i = 0; i < aCategories; i++)
        {
            for (var j = 0; j < bCategories; j++)
            {
                var expected = rowTotals[i] * columnTotals[j] / n;
                if (expected > 0)
                {
                    chi2 += (table[i, j] - expected) * (table[i, j] - expected) / expected;
                }
            }
        }

        return (Math.Sqrt(chi2 / (n * (k - 1.0))), n);
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
