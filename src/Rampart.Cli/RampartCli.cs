using System.CommandLine;
using Rampart.Cli.Commands;

namespace Rampart.Cli;

/// <summary>Builds the command tree and runs it.</summary>
internal static class RampartCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Rampart: security management for AI systems across their life cycle (ITU-T TR on AI security management, X.sr-ai).");
        root.Add(AssessCommand.Create(context));
        root.Add(CatalogCommand.Create(context));
        root.Add(InitCommand.Create(context));
        root.Add(TrainCommand.Create(context));
        root.Add(PredictCommand.Create(context));
        root.Add(ModelCommand.Create(context));
        root.Add(ScanCommand.Create(context));
        root.Add(KeygenCommand.Create(context));
        root.Add(SignCommand.Create(context));
        root.Add(VerifyCommand.Create(context));
        root.Add(LedgerCommand.Create(context));
        root.Add(LabelCommand.Create(context));
        root.Add(EvalCommand.Create(context));
        root.Add(MitigateCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken)
    {
        var root = Build(context);
        var parse = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("Cancelled.");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: a defect is reported as a tool error, never as a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            context.Error.WriteLine($"internal error: {ex.GetType().Name}: {ex.Message}");
            context.Error.WriteLine("This is a defect in Rampart; please report it with the command you ran.");
            return ExitCodes.ToolError;
        }
    }
}
