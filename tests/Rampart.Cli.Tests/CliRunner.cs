using Rampart.Cli;

namespace Rampart.Tests;

/// <summary>Runs the command-line tool in-process with captured output.</summary>
internal static class CliRunner
{
    public static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunWithChecksAsync(null, args);

    public static async Task<(int Exit, string Out, string Error)> RunWithChecksAsync(IReadOnlyList<Rampart.Checks.ICheck>? checks, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext { Out = output, Error = error, Time = FixedTime.Default };
        if (checks is not null)
        {
            context = context with { Checks = checks };
        }

        var exit = await RampartCli.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
