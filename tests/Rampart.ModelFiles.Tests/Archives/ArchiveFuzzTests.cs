using System.Diagnostics;
using System.Globalization;
using Rampart.Tests;
using static Rampart.ModelFiles.Tests.Archives.ArchiveTestSupport;

namespace Rampart.ModelFiles.Tests.Archives;

public sealed class ArchiveFuzzTests
{
    private static readonly string[] Tokens =
    [
        "PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "PK\x06\x07", "PK\x07\x08", "ustar\0", "ustar  \0",
        "\x1f\x8b\x08", "x\x9c", "ZF0x", "BZh9", "\xfd" + "7zXZ\0", "\x04\x22\x4d\x18", "../", "\\", "\xff\xff\xff\xff",
    ];

    private static readonly string[] Seeds =
    [
        "torch_zip.pt", "torchscript.pt", "arrays_compressed.npz", "model.keras", "plain.tar", "legacy_v011.tar",
        "plain.tar.gz", "model_zlib.joblib", "model_gzip.joblib", "model_bz2.joblib", "model_xz.joblib",
        "model_lzma.joblib", "model_lz4.joblib", "picklescan/malicious1.7z", "picklescan/malicious1_0x1.zip",
        "encrypted_data.7z",
    ];

    [Fact]
    public void Scan_MutatedArchives_NeverFailOrHang()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("RAMPART_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out var configured)
            ? configured
            : 400;
        var random = new Random(20260417);
        var seeds = Seeds.Select(seed => (Name: Path.GetFileName(seed), Bytes: File.ReadAllBytes(Fixture(seed)))).ToList();
        var options = new ScanOptions
        {
            Limits = ScanLimits.Default with
            {
                MaxDecompressedBytes = 4 << 20,
                MaxTotalDecompressedBytes = 16 << 20,
                MaxTimePerFile = TimeSpan.FromSeconds(10),
            },
        };
        var scanner = new ModelScanner(options);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var (name, bytes) = seeds[i % seeds.Count];
            var mutated = SeededMutator.Mutate(bytes, random, Tokens, "PK\0\x01\x02\x03\x04\x05\x06\x07\x08\xff 0", maxDelete: 64, maxSplice: 128);
            var started = watch.Elapsed;
            var report = scanner.ScanStream(new MemoryStream(mutated), name);
            var failure = report.Findings.FirstOrDefault(finding => finding.RuleId == CoreScanRules.ScannerFailure.Id && IsArchiveFailure(finding));
            Assert.True(failure is null, $"iteration {i} ({name}): {failure?.Message}");
            Assert.True(watch.Elapsed - started < TimeSpan.FromSeconds(5), $"iteration {i} ({name}) took {watch.Elapsed - started}");
        }
    }

    /// <summary>A scanner failure in a format this project's other scanners own is not an archive bug.</summary>
    private static bool IsArchiveFailure(ScanFinding finding) =>
        new[] { "zip", "tar", "7-Zip", "gzip", "bzip2", "xz", "LZMA", "zlib", "LZ4" }
            .Any(format => finding.Message.StartsWith($"The {format} scanner failed", StringComparison.Ordinal));
}
