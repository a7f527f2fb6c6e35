using BenchmarkDotNet.Attributes;
using Rampart.Catalogue;

namespace Rampart.Benchmarks;

/// <summary>Parsing and validating the embedded catalogue (done once per process at start-up).</summary>
[MemoryDiagnoser]
public class CatalogueBenchmarks
{
    private string _yaml = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        using var stream = typeof(SecurityCatalogue).Assembly.GetManifestResourceStream("Rampart.Catalogue.catalogue.yaml")!;
        using var reader = new StreamReader(stream);
        _yaml = reader.ReadToEnd();
    }

    [Benchmark]
    public object ParseCatalogue() => SecurityCatalogue.Parse(_yaml, "catalogue.yaml");
}
