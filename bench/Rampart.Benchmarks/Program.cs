if (args.Length > 0 && args[0] == "compare-training")
{
    return await Rampart.Benchmarks.Training.TrainingComparison.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "rampart-compare"));
}

if (args.Length > 0 && args[0] == "compare-inference")
{
    return await Rampart.Benchmarks.Onnx.InferenceComparison.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "rampart-inference"));
}

if (args.Length > 0 && args[0] == "compare-scan")
{
    return await Rampart.Benchmarks.Scanning.ScanComparison.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "rampart-scan-corpus"));
}

if (args.Length > 0 && args[0] == "ledger")
{
    return Rampart.Benchmarks.Ledger.LedgerBenchmark.Run(
        args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "rampart-ledger-bench"),
        args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1_000);
}

if (args.Length > 0 && args[0] == "evaluation")
{
    return await Rampart.Benchmarks.Evaluation.EvaluationBenchmark.RunAsync(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "rampart-evaluation-bench"));
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
