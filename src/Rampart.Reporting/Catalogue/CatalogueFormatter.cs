using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rampart.Catalogue;
using Rampart.Reporting.Json;

namespace Rampart.Reporting.Catalogue;

/// <summary>Formats catalogue lists and single items as text, JSON, CSV or Markdown.</summary>
public static class CatalogueFormatter
{
    /// <summary>The formats lists can be written in.</summary>
    public static readonly IReadOnlyList<string> Formats = ["text", "json", "csv", "markdown"];

    /// <summary>Formats a list.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <param name="kind">Which list.</param>
    /// <param name="items">The items (from <see cref="CatalogueQuery.Run"/>).</param>
    /// <param name="format">text, json, csv or markdown.</param>
    /// <returns>The text.</returns>
    public static string FormatList(SecurityCatalogue catalogue, CatalogueKind kind, IReadOnlyList<object> items, string format)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(items);
        return format switch
        {
            "json" => JsonSerializer.Serialize(
                new CatalogueListDocument { CatalogueVersion = catalogue.Version, Kind = kind.ToString().ToLowerInvariant(), Count = items.Count, Items = [.. items] },
                CatalogueJsonContext.Default.CatalogueListDocument) + "\n",
            "csv" => Csv(Columns(kind, catalogue), items),
            "markdown" => MarkdownTable(Columns(kind, catalogue), items),
            _ => Text(Columns(kind, catalogue), items),
        };
    }

    /// <summary>Formats one item in full.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <param name="item">The item.</param>
    /// <param name="format">text or json (others fall back to text).</param>
    /// <returns>The text.</returns>
    public static string FormatItem(SecurityCatalogue catalogue, object item, string format)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(item);
        if (format == "json")
        {
            return JsonSerializer.Serialize(item, item.GetType(), CatalogueJsonContext.Default) + "\n";
        }

        var sb = new StringBuilder();
        void Line(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.AppendLine($"{name + ":",-14} {value}");
            }
        }

        string Titles(IEnumerable<string> ids) => string.Join("; ", ids.Select(id => catalogue.Find(id) is { } found ? $"{id} {TitleOf(found)}" : id));

        switch (item)
        {
            case Threat t:
                Line("Threat", $"{t.Id} {t.Title}");
                Line("Description", t.Description);
                foreach (var p in t.Provenance)
                {
                    Line("Source", p.Source == "tr"
                        ? $"TR Table 1: \"{p.Name}\" (threat source: {p.ThreatSource}; phase: {p.Phase})"
                        : $"X.sr-ai clause 7: \"{p.Name}\" (stages: {string.Join(", ", p.Stages)})");
                }

                Line("Stages", string.Join(", ", t.Stages));
                Line("Assets", string.Join(", ", t.AssetKinds.Select(k => k.ToString().ToLowerInvariant())));
                Line("Objectives", Titles(t.Objectives));
                Line("Mitigations", Titles(t.Techniques));
                Line("Requirements", string.Join(", ", catalogue.Requirements.Where(r => r.Threats.Contains(t.Id)).Select(r => r.Id)));
                References(t.Refs);
                Line("Notes", t.Notes);
                break;
            case Technique t:
                Line("Technique", $"{t.Id} {t.Title}");
                Line("Category", $"{t.Category.ToString().ToLowerInvariant()} / {t.Group} (TR {t.Clause})");
                Line("Aliases", string.Join(", ", t.Aliases));
                Line("Description", t.Description);
                Line("Phases", string.Join(", ", t.Phases));
                Line("Assets", string.Join(", ", t.AssetKinds.Select(k => k.ToString().ToLowerInvariant())));
                Line("Objectives", Titles(t.Objectives));
                Line("Mitigates", Titles(catalogue.Threats.Where(th => th.Techniques.Contains(t.Id)).Select(th => th.Id)));
                References(t.Refs);
                Line("Notes", t.Notes);
                break;
            case Requirement r:
                Line("Requirement", r.Id);
                Line("Statement", r.Statement);
                Line("Level", r.Level.ToString().ToLowerInvariant());
                Line("Stage", r.Stage);
                Line("Role", r.Role);
                Line("Source", $"{(r.Source == "tr" ? "TR" : "X.sr-ai")} clause {r.Clause}");
                Line("Quote", $"\"{r.Quote}\"");
                Line("Threats", Titles(r.Threats));
                Line("Techniques", Titles(r.Techniques));
                Line("Checks", string.Join(", ", r.Checks));
                break;
            case Objective o:
                Line("Objective", $"{o.Id} {o.Title}");
                Line("Description", o.Description);
                Line("Techniques", string.Join(", ", catalogue.Techniques.Where(t => t.Objectives.Contains(o.Id)).Select(t => t.Id)));
                break;
            case Stage s:
                Line("Stage", $"{s.Id} ({s.Order}. {s.Title})");
                Line("X.sr-ai", s.XsraiStage ?? "(none)");
                Line("TR phases", string.Join(", ", s.TrPhases));
                Line("Description", s.Description);
                Line("Requirements", string.Join(", ", catalogue.Requirements.Where(r => r.Stage == s.Id).Select(r => r.Id)));
                break;
            case Role r:
                Line("Role", $"{r.Id} {r.Title}");
                Line("Source", r.Source);
                Line("Description", r.Description);
                Line("Requirements", string.Join(", ", catalogue.Requirements.Where(q => q.Role == r.Id).Select(q => q.Id)));
                break;
            case Phase p:
                Line("Phase", $"{p.Id} {p.Title}");
                Line("Description", p.Description);
                break;
            default:
                break;
        }

        return sb.ToString();

        void References(CrossReferences refs)
        {
            foreach (var (framework, id) in refs.All)
            {
                var label = framework switch
                {
                    ExternalFrameworks.Atlas => "ATLAS",
                    ExternalFrameworks.OwaspMl => "OWASP ML",
                    ExternalFrameworks.OwaspLlm => "OWASP LLM",
                    _ => "NIST AI RMF",
                };
                Line(label, $"{id} {catalogue.ReferenceTitle(framework, id)}");
            }
        }
    }

    /// <summary>The title of any catalogue item.</summary>
    /// <param name="item">The item.</param>
    /// <returns>Its title, or the requirement statement.</returns>
    public static string TitleOf(object item) => item switch
    {
        Threat t => t.Title,
        Technique t => t.Title,
        Requirement r => r.Statement,
        Objective o => o.Title,
        Stage s => s.Title,
        Role r => r.Title,
        Phase p => p.Title,
        _ => string.Empty,
    };

    internal static IReadOnlyList<(string Header, Func<object, string> Value)> Columns(CatalogueKind kind, SecurityCatalogue catalogue) => kind switch
    {
        CatalogueKind.Threats =>
        [
            ("id", o => ((Threat)o).Id),
            ("title", o => ((Threat)o).Title),
            ("stages", o => string.Join(" ", ((Threat)o).Stages)),
            ("sources", o => string.Join(" ", ((Threat)o).Provenance.Select(p => p.Source).Distinct())),
            ("techniques", o => string.Join(" ", ((Threat)o).Techniques)),
        ],
        CatalogueKind.Techniques =>
        [
            ("id", o => ((Technique)o).Id),
            ("title", o => ((Technique)o).Title),
            ("category", o => ((Technique)o).Category.ToString().ToLowerInvariant()),
            ("group", o => ((Technique)o).Group),
            ("phases", o => string.Join(" ", ((Technique)o).Phases)),
        ],
        CatalogueKind.Requirements =>
        [
            ("id", o => ((Requirement)o).Id),
            ("stage", o => ((Requirement)o).Stage),
            ("role", o => ((Requirement)o).Role),
            ("level", o => ((Requirement)o).Level.ToString().ToLowerInvariant()),
            ("statement", o => ((Requirement)o).Statement),
        ],
        CatalogueKind.Objectives =>
        [
            ("id", o => ((Objective)o).Id),
            ("title", o => ((Objective)o).Title),
            ("description", o => ((Objective)o).Description),
        ],
        CatalogueKind.Stages =>
        [
            ("id", o => ((Stage)o).Id),
            ("order", o => ((Stage)o).Order.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("title", o => ((Stage)o).Title),
            ("xsrai_stage", o => ((Stage)o).XsraiStage ?? string.Empty),
            ("tr_phases", o => string.Join(" ", ((Stage)o).TrPhases.Select(p => catalogue.Find<Phase>(p)?.Title ?? p))),
        ],
        _ =>
        [
            ("id", o => ((Role)o).Id),
            ("title", o => ((Role)o).Title),
            ("source", o => ((Role)o).Source),
            ("description", o => ((Role)o).Description),
        ],
    };

    private static string Text(IReadOnlyList<(string Header, Func<object, string> Value)> columns, IReadOnlyList<object> items)
    {
        var rows = items.Select(i => columns.Select(c => c.Value(i)).ToArray()).ToList();
        var widths = columns.Select((c, j) => Math.Min(40, Math.Max(c.Header.Length, rows.Count == 0 ? 0 : rows.Max(r => r[j].Length)))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", columns.Select((c, j) => j == columns.Count - 1 ? c.Header.ToUpperInvariant() : c.Header.ToUpperInvariant().PadRight(widths[j]))).TrimEnd());
        foreach (var row in rows)
        {
            sb.AppendLine(string.Join("  ", row.Select((v, j) => j == row.Length - 1 ? v : v.PadRight(widths[j]))).TrimEnd());
        }

        sb.AppendLine($"({items.Count} item{(items.Count == 1 ? string.Empty : "s")})");
        return sb.ToString();
    }

    private static string Csv(IReadOnlyList<(string Header, Func<object, string> Value)> columns, IReadOnlyList<object> items)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", columns.Select(c => CsvField(c.Header)))).Append("\r\n");
        foreach (var item in items)
        {
            sb.Append(string.Join(",", columns.Select(c => CsvField(c.Value(item))))).Append("\r\n");
        }

        return sb.ToString();
    }

    /// <summary>Quotes a CSV field per RFC 4180 when it holds a comma, quote or line break.</summary>
    /// <param name="value">The field.</param>
    /// <returns>The field as written.</returns>
    public static string CsvField(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static string MarkdownTable(IReadOnlyList<(string Header, Func<object, string> Value)> columns, IReadOnlyList<object> items)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", columns.Select(c => c.Header)) + " |");
        sb.AppendLine("|" + string.Concat(columns.Select(_ => "---|")));
        foreach (var item in items)
        {
            sb.AppendLine("| " + string.Join(" | ", columns.Select(c => Markdown.MarkdownReportWriter.Cell(c.Value(item)))) + " |");
        }

        return sb.ToString();
    }
}

/// <summary>The JSON shape of a catalogue list.</summary>
public sealed record CatalogueListDocument
{
    /// <summary>The catalogue data version.</summary>
    public required string CatalogueVersion { get; init; }

    /// <summary>Which list.</summary>
    public required string Kind { get; init; }

    /// <summary>How many items.</summary>
    public required int Count { get; init; }

    /// <summary>The items.</summary>
    public required IReadOnlyList<object> Items { get; init; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(KebabEnumConverter<TechniqueCategory>), typeof(KebabEnumConverter<RequirementLevel>), typeof(KebabEnumConverter<AssetKind>)])]
[JsonSerializable(typeof(CatalogueListDocument))]
[JsonSerializable(typeof(Threat))]
[JsonSerializable(typeof(Technique))]
[JsonSerializable(typeof(Requirement))]
[JsonSerializable(typeof(Objective))]
[JsonSerializable(typeof(Stage))]
[JsonSerializable(typeof(Role))]
[JsonSerializable(typeof(Phase))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
