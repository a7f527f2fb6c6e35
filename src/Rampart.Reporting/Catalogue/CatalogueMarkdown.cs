using System.Text;
using Rampart.Catalogue;
using Rampart.Reporting.Markdown;

namespace Rampart.Reporting.Catalogue;

/// <summary>Generates <c>docs/catalogue.md</c> from the catalogue data (<c>rampart catalog docs</c>).</summary>
public static class CatalogueMarkdown
{
    /// <summary>Writes the whole catalogue as one Markdown document.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Markdown text.</returns>
    public static string Write(SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var sb = new StringBuilder();
        sb.AppendLine("# Rampart security catalogue");
        sb.AppendLine();
        sb.AppendLine($"Catalogue version {catalogue.Version}. Generated from `src/Rampart.Core/Catalogue/Data/catalogue.yaml` by `rampart catalog docs`; do not edit by hand.");
        sb.AppendLine();
        sb.AppendLine("Sources:");
        sb.AppendLine();
        foreach (var s in catalogue.Sources)
        {
            sb.AppendLine($"- `{s.Id}`: {s.Publisher} {s.Kind}, *{s.Title}*");
        }

        sb.AppendLine();
        sb.AppendLine($"Contents: {catalogue.Stages.Length} stages, {catalogue.Roles.Length} roles, {catalogue.Objectives.Length} objectives, {catalogue.Threats.Length} threats, {catalogue.Techniques.Length} techniques, {catalogue.Requirements.Length} requirements, {catalogue.Checks.Length} checks, {catalogue.References.Length} external references.");
        sb.AppendLine();

        sb.AppendLine("## Life-cycle stages");
        sb.AppendLine();
        sb.AppendLine("| Stage | X.sr-ai stage | TR phases | Description |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var s in catalogue.Stages)
        {
            sb.AppendLine($"| `{s.Id}` | {C(s.XsraiStage ?? "(none)")} | {C(string.Join("; ", s.TrPhases.Select(p => catalogue.Find<Phase>(p)?.Title ?? p)))} | {C(s.Description)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Stakeholder roles");
        sb.AppendLine();
        sb.AppendLine("| Role | Title | Source | Description |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var r in catalogue.Roles)
        {
            sb.AppendLine($"| `{r.Id}` | {C(r.Title)} | {r.Source} | {C(r.Description)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Security objectives (TR Table 2)");
        sb.AppendLine();
        sb.AppendLine("| Id | Objective | Description |");
        sb.AppendLine("|---|---|---|");
        foreach (var o in catalogue.Objectives)
        {
            sb.AppendLine($"| {o.Id} | {C(o.Title)} | {C(o.Description)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Threats");
        sb.AppendLine();
        foreach (var t in catalogue.Threats)
        {
            sb.AppendLine($"### {t.Id} {t.Title}");
            sb.AppendLine();
            sb.AppendLine(t.Description);
            sb.AppendLine();
            foreach (var p in t.Provenance)
            {
                sb.AppendLine(p.Source == "tr"
                    ? $"- TR Table 1: \"{p.Name}\", threat source *{p.ThreatSource}*, phase `{p.Phase}`"
                    : $"- X.sr-ai clause 7: \"{p.Name}\", stages {string.Join(", ", p.Stages.Select(s => $"`{s}`"))}");
            }

            sb.AppendLine($"- Stages: {string.Join(", ", t.Stages.Select(s => $"`{s}`"))}; assets: {string.Join(", ", t.AssetKinds.Select(k => k.ToString().ToLowerInvariant()))}");
            sb.AppendLine($"- Objectives endangered: {string.Join(", ", t.Objectives)}");
            sb.AppendLine($"- Mitigating techniques: {string.Join(", ", t.Techniques.Select(id => $"{id} {catalogue.Find<Technique>(id)?.Title}"))}");
            AppendRefs(sb, catalogue, t.Refs);
            if (t.Notes is not null)
            {
                sb.AppendLine($"- Notes: {t.Notes}");
            }

            sb.AppendLine();
        }

        sb.AppendLine("## Techniques (TR 7.3 and Table 3)");
        sb.AppendLine();
        sb.AppendLine("| Id | Technique | Category | Group | Phases | Objectives |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in catalogue.Techniques)
        {
            sb.AppendLine($"| {t.Id} | {C(t.Title)} | {t.Category.ToString().ToLowerInvariant()} | {C(t.Group)} | {C(string.Join(", ", t.Phases))} | {string.Join(", ", t.Objectives)} |");
        }

        sb.AppendLine();
        foreach (var t in catalogue.Techniques)
        {
            sb.AppendLine($"### {t.Id} {t.Title}");
            sb.AppendLine();
            sb.AppendLine(t.Description);
            sb.AppendLine();
            if (!t.Aliases.IsEmpty)
            {
                sb.AppendLine($"- Also written: {string.Join(", ", t.Aliases.Select(a => $"\"{a}\""))}");
            }

            AppendRefs(sb, catalogue, t.Refs);
            if (t.Notes is not null)
            {
                sb.AppendLine($"- Notes: {t.Notes}");
            }

            sb.AppendLine();
        }

        sb.AppendLine("## Requirements");
        sb.AppendLine();
        foreach (var stage in catalogue.Stages)
        {
            var list = catalogue.Requirements.Where(r => r.Stage == stage.Id).ToList();
            if (list.Count == 0)
            {
                continue;
            }

            sb.AppendLine($"### {stage.Title}");
            sb.AppendLine();
            sb.AppendLine("| Id | Role | Level | Statement | Source | Verified by |");
            sb.AppendLine("|---|---|---|---|---|---|");
            foreach (var r in list)
            {
                var verified = string.Join(", ", r.Techniques.Concat(r.Checks));
                sb.AppendLine($"| {r.Id} | {r.Role} | {r.Level.ToString().ToLowerInvariant()} | {C(r.Statement)} | {(r.Source == "tr" ? "TR" : "X.sr-ai")} {r.Clause}: \"{C(r.Quote)}\" | {verified} |");
            }

            sb.AppendLine();
        }

        sb.AppendLine("## Checks");
        sb.AppendLine();
        foreach (var c in catalogue.Checks)
        {
            sb.AppendLine($"- `{c.Id}`: {c.Title}");
        }

        sb.AppendLine();
        sb.AppendLine("## External references");
        sb.AppendLine();
        foreach (var framework in ExternalFrameworks.Keys)
        {
            sb.AppendLine($"### {ExternalFrameworks.DisplayName(framework)}");
            sb.AppendLine();
            foreach (var r in catalogue.References.Where(r => r.Framework == framework))
            {
                sb.AppendLine($"- {r.Id}: {r.Title}");
            }

            sb.AppendLine();
        }

        return sb.ToString().TrimEnd() + "\n";
    }

    private static void AppendRefs(StringBuilder sb, SecurityCatalogue catalogue, CrossReferences refs)
    {
        var all = refs.All.ToList();
        if (all.Count > 0)
        {
            sb.AppendLine($"- References: {string.Join("; ", all.Select(r => $"{r.Id} ({catalogue.ReferenceTitle(r.Framework, r.Id)})"))}");
        }
    }

    private static string C(string? text) => MarkdownReportWriter.Cell(text);
}
