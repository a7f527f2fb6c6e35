using Rampart.ModelFiles.Pickle;
using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>TorchScript archives: class references and list builders that torch.jit.load resolves itself.</summary>
public sealed class TorchScriptPickleTests
{
    private static byte[] NewObj(string module, string name) =>
        new PickleBuilder().Proto(2).Global(module, name).EmptyTuple().NewObj().Stop().ToArray();

    [Fact]
    public void ScanFile_RealTorchScriptArchiveInStrictMode_IsOnlyInfo()
    {
        var report = new ModelScanner(new ScanOptions { Strict = true })
            .ScanFile(DataPath("Archives", "torchscript.pt"), "torchscript.pt");

        Assert.Equal(FileVerdict.Info, report.Verdict);
        Assert.DoesNotContain(report.Findings, finding => finding.RuleId.StartsWith("RMP-MF-1", StringComparison.Ordinal));
    }

    [Fact]
    public void ScanPickleStream_TorchScriptClassInArchive_IsAllowed() =>
        Assert.Empty(ScanAsZipMember(NewObj("__torch__", "MyModule"), "model/data.pkl", PickleContext.TorchZip));

    [Fact]
    public void ScanPickleStream_DunderAfterTorchScriptPrefix_IsStillDangerous()
    {
        var finding = Assert.Single(ScanAsZipMember(NewObj("__torch__", "__builtins__"), "model/data.pkl", PickleContext.TorchZip));
        Assert.Equal(FileVerdict.Dangerous, finding.Verdict);
    }

    [Fact]
    public void Scan_TorchScriptClassInPlainPickle_IsNotAllowed()
    {
        var report = Scan(NewObj("__torch__", "MyModule"));
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_TorchScriptListBuilder_IsAllowedEverywhere()
    {
        var bytes = new PickleBuilder().Proto(2).Global("torch.jit._pickle", "build_intlist").EmptyList().Op('\x85').Reduce().Stop().ToArray();
        Assert.Equal(FileVerdict.Clean, Scan(bytes).Verdict);
    }
}
