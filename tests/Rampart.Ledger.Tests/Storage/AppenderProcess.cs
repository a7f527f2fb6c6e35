using System.Diagnostics;

namespace Rampart.Ledger.Tests.Storage;

/// <summary>Starts tests/Rampart.Ledger.Appender (built with this project) as a child process.</summary>
internal sealed class AppenderProcess : IDisposable
{
    private readonly Process _process;

    private AppenderProcess(Process process) => _process = process;

    public static AppenderProcess Start(string ledger, string writer, int batches, int batchSize)
    {
        // The child is built into its own folder beside this test assembly's (artifacts/bin/<project>/<configuration>).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "Rampart.Ledger.Appender", configuration, "Rampart.Ledger.Appender.dll"));
        Assert.True(File.Exists(dll), $"The appender child was not built at {dll}.");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, ledger, writer, batches.ToString(System.Globalization.CultureInfo.InvariantCulture), batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return new AppenderProcess(Process.Start(start)!);
    }

    public Process Process => _process;

    public async Task WaitForLineAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail($"The appender exited before printing '{prefix}': {await _process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var drain = _process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = _process.StandardError.ReadToEndAsync(timeout.Token);
        await _process.WaitForExitAsync(timeout.Token);
        await drain;
        Assert.True(_process.ExitCode == 0, $"The appender failed with exit code {_process.ExitCode}: {await error}");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
