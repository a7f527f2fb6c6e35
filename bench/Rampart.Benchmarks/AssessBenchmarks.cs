using BenchmarkDotNet.Attributes;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Engine;
using Rampart.Manifest;
using Rampart.Reporting;

namespace Rampart.Benchmarks;

/// <summary>
/// The main job on the bundled example: reading the manifest, the whole assessment (hashing ~2 MB of assets and
/// evidence), and rendering every report format. Run: dotnet run -c Release --project bench/Rampart.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class AssessBenchmarks
{
    private readonly SecurityCatalogue _catalogue = SecurityCatalogue.Default;
    private string _folder = string.Empty;
    private string _text = string.Empty;
    private SystemManifest _manifest = null!;
    private Assessments.Assessment _assessment = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampart.slnx")))
        {
            dir = dir.Parent;
        }

        _folder = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository."), "examples", "credit-scoring");
        _text = File.ReadAllText(Path.Combine(_folder, ManifestReader.FileName));
        _manifest = ManifestReader.ReadPath(_folder, _catalogue).Value!;
        _assessment = new AssessmentEngine(_catalogue, BuiltInChecks.Create()).RunAsync(_manifest, new AssessmentOptions(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark]
    public object ReadManifest() => ManifestReader.Read(_text, "rampart.yaml", _folder, _catalogue);

    [Benchmark]
    public async Task<object> Assess() =>
        await new AssessmentEngine(_catalogue, BuiltInChecks.Create()).RunAsync(_manifest, new AssessmentOptions(), CancellationToken.None);

    [Benchmark]
    public int RenderAllReports() =>
        Enum.GetValues<ReportFormat>().Sum(f => ReportWriters.Render(_assessment, _catalogue, f).Length);
}
