using System.CommandLine;
using Rampart.Diagnostics;
using Rampart.Reporting.Catalogue;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart catalog</c>: browse the security catalogue.</summary>
internal static class CatalogCommand
{
    private static readonly Option<string?> Stage = new("--stage") { Description = "Only items of this stage (threats, techniques, requirements)." };
    private static readonly Option<string?> Role = new("--role") { Description = "Only requirements of this role." };
    private static readonly Option<string?> Category = new("--category") { Description = "Only techniques of this category: service, algorithm, data or platform." };
    private static readonly Option<string?> Search = new("--search") { Description = "Only items whose id, title or text contains this (case-insensitive)." };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Output format.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "csv", "markdown");

    public static Command Create(CliContext context)
    {
        var command = new Command("catalog", "Browse the security catalogue: threats, techniques, requirements, objectives, stages and roles of both ITU-T documents.");
        foreach (var kind in Enum.GetValues<CatalogueKind>())
        {
            var name = kind.ToString().ToLowerInvariant();
            var sub = new Command(name, $"List the catalogue's {name}.") { Stage, Role, Category, Search, Format };
            sub.SetAction(parse => List(context, kind, parse));
            command.Add(sub);
        }

        var id = new Argument<string>("id") { Description = "A threat, technique, requirement, objective, stage, role or phase id." };
        var showFormat = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var show = new Command("show", "Show one catalogue item in full, with its links.") { id, showFormat };
        show.SetAction(parse => Show(context, parse.GetValue(id)!, parse.GetValue(showFormat)!));
        command.Add(show);

        var docsOutput = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var docs = new Command("docs", "Generate docs/catalogue.md from the catalogue data.") { docsOutput };
        docs.SetAction((parse, token) => DocsAsync(context, parse.GetValue(docsOutput), token));
        command.Add(docs);
        return command;
    }

    private static int List(CliContext context, CatalogueKind kind, ParseResult parse)
    {
        var query = new CatalogueQuery
        {
            Kind = kind,
            Stage = parse.GetValue(Stage),
            Role = parse.GetValue(Role),
            Category = parse.GetValue(Category),
            Search = parse.GetValue(Search),
        };
        var problems = query.Validate(context.Catalogue);
        if (problems.Count > 0)
        {
            return context.Problems(problems, "in the arguments");
        }

        var items = query.Run(context.Catalogue);
        context.Out.Write(CatalogueFormatter.FormatList(context.Catalogue, kind, items, parse.GetValue(Format)!));
        return ExitCodes.Ok;
    }

    private static int Show(CliContext context, string id, string format)
    {
        var item = context.Catalogue.Find(id);
        if (item is null)
        {
            var ids = context.Catalogue.Threats.Select(t => t.Id)
                .Concat(context.Catalogue.Techniques.Select(t => t.Id))
                .Concat(context.Catalogue.Requirements.Select(r => r.Id))
                .Concat(context.Catalogue.Objectives.Select(o => o.Id))
                .Concat(context.Catalogue.Stages.Select(s => s.Id))
                .Concat(context.Catalogue.Roles.Select(r => r.Id))
                .Concat(context.Catalogue.Phases.Select(p => p.Id));
            return context.UsageError($"No catalogue item has the id '{id}'.{Suggestions.DidYouMean(id, ids)}");
        }

        context.Out.Write(CatalogueFormatter.FormatItem(context.Catalogue, item, format));
        return ExitCodes.Ok;
    }

    private static async Task<int> DocsAsync(CliContext context, string? output, CancellationToken cancellationToken)
    {
        var text = CatalogueMarkdown.Write(context.Catalogue);
        if (output is null)
        {
            await context.Out.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        return await AtomicFile.TryWriteAsync(context, output, new System.Text.UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false)
            ? ExitCodes.Ok
            : ExitCodes.ToolError;
    }
}
