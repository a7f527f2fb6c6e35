using Rampart.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var context = new CliContext { Out = Console.Out, Error = Console.Error, Time = TimeProvider.System };
return await RampartCli.RunAsync(args, context, cancellation.Token).ConfigureAwait(false);
