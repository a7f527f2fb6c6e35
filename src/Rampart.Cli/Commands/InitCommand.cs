using System.CommandLine;
using Rampart.Manifest;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart init [folder]</c>: scaffold a manifest.</summary>
internal static class InitCommand
{
    private static readonly Argument<string> Folder = new("folder") { Description = "The AI system's folder.", DefaultValueFactory = _ => "." };
    private static readonly Option<string?> Name = new("--name") { Description = "System name (default: the folder name)." };
    private static readonly Option<string> Stage = new("--stage") { Description = "Current life-cycle stage.", DefaultValueFactory = _ => "planning" };
    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite an existing rampart.yaml." };

    public static Command Create(CliContext context)
    {
        var command = new Command("init", "Write a starting rampart.yaml for a folder, listing the models, datasets and lock files found there.")
        {
            Folder, Name, Stage, Force,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var folder = parse.GetValue(Folder)!;
        var stage = parse.GetValue(Stage)!;
        if (!Directory.Exists(folder))
        {
            return context.UsageError($"'{folder}' is not a folder.");
        }

        if (context.Catalogue.FindStage(stage) is null)
        {
            return context.UsageError($"--stage: unknown stage '{stage}'; stages are {string.Join(", ", context.Catalogue.Stages.Select(s => s.Id))}.{Diagnostics.Suggestions.DidYouMean(stage, context.Catalogue.Stages.Select(s => s.Id))}");
        }

        var path = Path.Combine(folder, ManifestReader.FileName);
        if (File.Exists(path) && !parse.GetValue(Force))
        {
            return context.UsageError($"'{path}' already exists; use --force to overwrite it.");
        }

        var text = await ManifestScaffold.CreateAsync(folder, parse.GetValue(Name), stage, context.Catalogue, cancellationToken).ConfigureAwait(false);
        if (!await AtomicFile.TryWriteAsync(context, path, new System.Text.UTF8Encoding(false).GetBytes(text), cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        context.Error.WriteLine($"Wrote {path}. Next: name the stakeholders and the owner, then run 'rampart assess {folder}'.");
        return ExitCodes.Ok;
    }
}
