using System.Diagnostics;
using System.Globalization;
using Rampart.ModelFiles;

namespace Rampart.Benchmarks.Scanning;

/// <summary>
/// Model file scanning throughput and peak memory on a generated corpus: a PyTorch zip checkpoint (default 1 GiB,
/// 3,000 tensors), the same tensors as SafeTensors, a legacy (stacked pickle) checkpoint, and 1,000 small pickles.
/// For each target: the in-process scan time (warm, best of 3), MB/s, and the wall time and peak resident memory of
/// the <c>rampart scan</c> command as a child process (start-up included), side by side with a stdlib-only
/// picklescan-style Python peer (picklescan and modelscan themselves cannot be installed here: PyPI is unreachable).
/// Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- compare-scan [DIR]
/// (generates the corpus in DIR with /usr/bin/python3 and torch on first use; about 2.2 GB of disk).
/// </summary>
internal static class ScanComparison
{
    public static async Task<int> RunAsync(string dir)
    {
        var here = Path.Combine(RepositoryRoot(), "bench", "Rampart.Benchmarks", "Scanning");
        if (!File.Exists(Path.Combine(dir, "checkpoint.pt")))
        {
            Console.Error.WriteLine($"Generating the corpus in {dir} ...");
            var code = await RunAsync("/usr/bin/python3", [Path.Combine(here, "make_scan_corpus.py"), dir]);
            if (code.ExitCode != 0)
            {
                Console.Error.WriteLine(code.Error);
                return 1;
            }
        }

        var cli = Path.Combine(RepositoryRoot(), "artifacts", "bin", "Rampart.Cli", "release", "rampart.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"Build the CLI first: dotnet build -c Release src/Rampart.Cli ({cli} not found).");
            return 1;
        }

        var small = Directory.GetFiles(Path.Combine(dir, "small")).Order(StringComparer.Ordinal).ToArray();
        var targets = new (string Name, string[] Paths)[]
        {
            ("checkpoint.pt (torch zip)", [Path.Combine(dir, "checkpoint.pt")]),
            ("legacy.pt (stacked pickles)", [Path.Combine(dir, "legacy.pt")]),
            ("model.safetensors", [Path.Combine(dir, "model.safetensors")]),
            ($"{small.Length} small pickles", small),
        };

        Console.WriteLine("target,bytes,files,verdict,inprocess_seconds,mb_per_second,files_per_second,cli_wall_seconds,cli_peak_rss_mb,peer_wall_seconds,peer_peak_rss_mb");
        foreach (var (name, paths) in targets)
        {
            var bytes = paths.Sum(path => new FileInfo(path).Length);
            var scanner = new ModelScanner(new ScanOptions { Parallelism = 1 });
            ScanReport? report = null;
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                report = await scanner.ScanAsync(paths);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }

            var (cliWall, cliRss) = await TimedAsync("dotnet", [cli, "scan", "-q", "--format", "json", .. paths]);
            var (peerWall, peerRss) = await TimedAsync("python3", [Path.Combine(here, "picklescan_style_peer.py"), .. paths]);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name},{bytes},{paths.Length},{report!.Verdict},{best:0.000},{bytes / 1e6 / best:0},{paths.Length / best:0},{cliWall:0.000},{cliRss:0},{peerWall:0.000},{peerRss:0}"));
        }

        return 0;
    }

    /// <summary>Runs a command under GNU time; returns wall seconds and peak resident set in MB.</summary>
    private static async Task<(double Wall, double PeakMb)> TimedAsync(string program, string[] args)
    {
        var result = await RunAsync("/usr/bin/time", ["-f", "RAMPART_TIME %e %M", program, .. args]);
        var line = result.Error.Split('\n').LastOrDefault(l => l.StartsWith("RAMPART_TIME ", StringComparison.Ordinal));
        if (line is null)
        {
            return (double.NaN, double.NaN);
        }

        var parts = line.Split(' ');
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture) / 1024);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rampart.slnx not found above " + AppContext.BaseDirectory);
    }
}
