using Rampart.Checks;
using Rampart.ModelFiles.Pickle;
using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Imports and call sites: every call opcode at every protocol, name resolution, memo indirection.</summary>
public sealed class PickleCallTests
{
    public static TheoryData<string, int> CallOpcodes()
    {
        var data = new TheoryData<string, int>();
        foreach (var opcode in new[] { "REDUCE", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX" })
        {
            for (var protocol = 0; protocol <= 5; protocol++)
            {
                data.Add(opcode, protocol);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CallOpcodes))]
    public void Scan_CallOpcodeOfOsSystem_IsDangerousAtTheCall(string opcode, int protocol)
    {
        var b = new PickleBuilder();
        if (protocol >= 2)
        {
            b.Proto(protocol);
        }

        void Import() => _ = protocol >= 4 ? b.Text("os").Text("system").StackGlobal() : b.Global("os", "system");
        void Argument() => _ = protocol == 0 ? b.Unicode("echo pwned") : b.BinUnicode("echo pwned");
        long call;
        switch (opcode)
        {
            case "REDUCE":
                Import();
                b.Mark();
                Argument();
                b.Tuple().At(out call).Reduce();
                break;
            case "INST":
                b.Mark();
                Argument();
                b.At(out call).Inst("os", "system");
                break;
            case "OBJ":
                b.Mark();
                Import();
                Argument();
                b.At(out call).Obj();
                break;
            case "NEWOBJ":
                Import();
                b.Mark();
                Argument();
                b.Tuple().At(out call).NewObj();
                break;
            default:
                Import();
                b.Mark();
                Argument();
                b.Tuple().EmptyDict().At(out call).NewObjEx();
                break;
        }

        var report = Scan(b.Stop().ToArray());

        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(PickleRules.CodeExecution.Id, finding.RuleId);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
        Assert.Equal("pickle[0]", finding.Location.Node);
        Assert.Equal(opcode == "NEWOBJ_EX" ? "(('echo pwned',), {})" : "('echo pwned')", finding.Evidence["arguments"]);
        Assert.Equal($"{opcode} at {call}", finding.Evidence["call"]);
    }

    [Fact]
    public void Scan_MemoIndirectionWithDecoys_ResolvesTheRealImport()
    {
        var bytes = new PickleBuilder().Proto(4)
            .Text("os").Memoize().Pop()
            .Text("torch").Memoize().Pop()
            .Text("system").Memoize().Pop()
            .Text("FloatStorage").Memoize().Pop()
            .Get(0).Get(2).At(out var import).StackGlobal()
            .Text("echo pwned").Tuple1().At(out var call).Reduce().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
        Assert.Equal($"STACK_GLOBAL os.system at {import}", finding.Evidence["import"]);
    }

    [Fact]
    public void Scan_MemoDecoysOnly_IsClean()
    {
        var bytes = new PickleBuilder().Proto(4)
            .Text("os").Memoize().Pop()
            .Text("torch").Memoize().Pop()
            .Text("system").Memoize().Pop()
            .Text("FloatStorage").Memoize().Pop()
            .Get(1).Get(3).StackGlobal().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_StackGlobalWithProtocol0StringOperands_ResolvesTheImport()
    {
        var bytes = new PickleBuilder().String("os").String("system").StackGlobal()
            .String("ls").Tuple1().At(out var call).Reduce().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
    }

    [Fact]
    public void Scan_StackGlobalWithIntModule_IsDynamicImport()
    {
        var bytes = new PickleBuilder().Proto(4).Int(42).Text("system").At(out var at).StackGlobal().Stop().ToArray();

        var report = Scan(bytes);

        var finding = Single(report, PickleRules.DynamicImport);
        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal("42", finding.Evidence["module"]);
        Assert.Equal("'system'", finding.Evidence["name"]);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_StackGlobalWithBytesOperands_IsDynamicImport()
    {
        var bytes = new PickleBuilder().Proto(4).Bytes("os"u8.ToArray()).Bytes("system"u8.ToArray()).At(out var at).StackGlobal()
            .Text("id").Tuple1().At(out var call).Reduce().Stop().ToArray();

        var report = Scan(bytes);

        var finding = Single(report, PickleRules.DynamicImport);
        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal("b'os'", finding.Evidence["module"]);
        Assert.Equal(call, Single(report, PickleRules.ComputedCall).Location.Offset);
    }

    [Fact]
    public void Scan_StackGlobalOnCallResults_IsDynamicImport()
    {
        // A string planted by a call (here builtins.str) is not a constant, whatever it evaluates to.
        var bytes = new PickleBuilder().Proto(4)
            .Text("builtins").Text("str").StackGlobal().Text("os").Tuple1().Reduce()
            .Text("system").At(out var at).StackGlobal().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.DynamicImport);

        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal("builtins.str('os')", finding.Evidence["module"]);
    }

    [Fact]
    public void Scan_DottedNameUnderInnocentModule_ReportsTheReachedCallable()
    {
        var bytes = new PickleBuilder().Proto(4).Text("pathlib").Text("os.system").StackGlobal()
            .Text("echo pwned").Tuple1().At(out var call).Reduce().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("os.system", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
        Assert.Equal("pathlib.os.system", finding.Evidence["resolved"]);
    }

    [Fact]
    public void Scan_Python2BuiltinAtProtocol2_IsMappedToBuiltins()
    {
        var bytes = new PickleBuilder().Proto(2).Global("__builtin__", "eval").Text("1+1").Tuple1().At(out var call).Reduce().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("builtins.eval", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
        Assert.Equal("GLOBAL __builtin__.eval at 2", finding.Evidence["import"]);
    }

    [Fact]
    public void Scan_SubmoduleOfBlockedModule_IsDangerous()
    {
        var bytes = new PickleBuilder().Proto(4).Text("asyncio.unix_events").Text("_UnixSubprocessTransport._start").StackGlobal()
            .Mark().EmptyDict().Text("whoami").Tuple().At(out var call).Reduce().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("asyncio.unix_events._UnixSubprocessTransport._start", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
    }

    [Fact]
    public void Scan_DeniedImportNeverCalled_IsReportedAtTheImport()
    {
        var bytes = new PickleBuilder().Proto(2).At(out var at).Global("subprocess", "Popen").Pop().None().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.CodeExecution);

        Assert.Equal("subprocess.Popen", finding.Subject);
        Assert.Equal(at, finding.Location.Offset);
        Assert.StartsWith("Imports subprocess.Popen", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_CallResultDiscardedByPop_IsStillACallSite()
    {
        var bytes = new PickleBuilder().Proto(2).Global("os", "system").Text("id").Tuple1().At(out var call).Reduce().Pop()
            .None().Stop().ToArray();

        Assert.Equal(call, Single(Scan(bytes), PickleRules.CodeExecution).Location.Offset);
    }

    [Fact]
    public void Scan_GadgetChainThroughCallResults_ReportsEveryCall()
    {
        var bytes = new PickleBuilder().Proto(2)
            .Global("_operator", "attrgetter").Text("system").Tuple1().At(out var getter).Reduce()
            .Global("builtins", "__import__").Text("os").Tuple1().At(out var import).Reduce()
            .Tuple1().At(out var bound).Reduce()
            .Text("id").Tuple1().At(out var run).Reduce().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal(
            [
                (PickleRules.ImportMachinery.Id, "operator.attrgetter", getter),
                (PickleRules.ImportMachinery.Id, "builtins.__import__", import),
                (PickleRules.ComputedCall.Id, "operator.attrgetter", bound),
                (PickleRules.ComputedCall.Id, "operator.attrgetter", run),
            ],
            report.Findings.Select(finding => (finding.RuleId, finding.Subject, finding.Location.Offset!.Value)));
    }

    [Fact]
    public void Scan_NetworkFileAndProcessCalls_UseTheirCategoryRules()
    {
        var bytes = new PickleBuilder().Proto(2)
            .Global("socket", "create_connection").Text("example.invalid").Tuple1().Reduce().Pop()
            .Global("_io", "FileIO").Text("/etc/passwd").Tuple1().Reduce().Pop()
            .Global("sys", "exit").Int(1).Tuple1().Reduce().Pop()
            .Global("picklescan.scanner", "scan_pickle_bytes").Pop()
            .None().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal(
            [
                (PickleRules.NetworkAccess.Id, "socket.create_connection", Severity.High),
                (PickleRules.FileAccess.Id, "io.FileIO", Severity.High),
                (PickleRules.ProcessControl.Id, "sys.exit", Severity.High),
                (PickleRules.ScannerTampering.Id, "picklescan.scanner.scan_pickle_bytes", Severity.Critical),
            ],
            report.Findings.Select(finding => (finding.RuleId, finding.Subject!, finding.Severity)));
    }

    [Fact]
    public void Scan_DunderAttribute_IsImportMachinery()
    {
        var bytes = new PickleBuilder().Proto(4).Text("numpy").Text("__builtins__").At(out var at).StackGlobal().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.ImportMachinery);

        Assert.Equal("numpy.__builtins__", finding.Subject);
        Assert.Equal(at, finding.Location.Offset);
    }

    [Fact]
    public void Scan_UnknownGlobal_IsSuspiciousByDefaultDangerousWhenStrictAndCleanWhenAllowed()
    {
        var bytes = new PickleBuilder().Proto(2).At(out var at).Global("mylib.models", "Net").EmptyTuple().Reduce().Stop().ToArray();

        var report = Scan(bytes);
        var finding = Single(report, PickleRules.UnknownGlobal);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
        Assert.Equal("mylib.models.Net", finding.Subject);
        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal(Severity.Medium, finding.Severity);

        var strict = Scan(bytes, new ScanOptions { Strict = true });
        Assert.Equal(FileVerdict.Dangerous, strict.Verdict);
        Assert.Equal(Severity.High, Single(strict, PickleRules.UnknownGlobal).Severity);

        Assert.Equal(FileVerdict.Clean, Scan(bytes, new ScanOptions { AllowGlobals = ["mylib.models.Net"] }).Verdict);
    }

    [Fact]
    public void Scan_AllowGlobalsCannotAllowADeniedCallable()
    {
        var bytes = new PickleBuilder().Proto(2).Global("builtins", "eval").Text("1").Tuple1().Reduce().Stop().ToArray();

        Assert.Equal(FileVerdict.Dangerous, Scan(bytes, new ScanOptions { AllowGlobals = ["builtins.eval"] }).Verdict);
    }

    [Fact]
    public void Scan_UnknownGlobalImportedTwice_IsReportedOnce()
    {
        var bytes = new PickleBuilder().Proto(2).Global("mylib", "Net").Pop().Global("mylib", "Net").Stop().ToArray();

        Single(Scan(bytes), PickleRules.UnknownGlobal);
    }

    [Fact]
    public void Scan_ExtensionOpcode_IsSuspiciousAndDangerousWhenStrict()
    {
        var bytes = new PickleBuilder().Proto(2).At(out var at).Ext1(7).EmptyTuple().Reduce().Stop().ToArray();

        var report = Scan(bytes);
        var finding = Single(report, PickleRules.ExtensionCode);
        Assert.Equal(at, finding.Location.Offset);
        Assert.Equal("<extension 7>", finding.Subject);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
        Assert.Equal(FileVerdict.Dangerous, Scan(bytes, new ScanOptions { Strict = true }).Verdict);
    }

    [Fact]
    public void Scan_BuildOnAnImportedModule_IsAttributeOverwrite()
    {
        var bytes = new PickleBuilder().Proto(4).Text("torch").Text("_utils").StackGlobal()
            .EmptyDict().Text("_rebuild_tensor").Text("builtins").SetItem().At(out var build).Build().Stop().ToArray();

        var report = Scan(bytes);

        var finding = Single(report, PickleRules.AttributeOverwrite);
        Assert.Equal(build, finding.Location.Offset);
        Assert.Equal("torch._utils", finding.Subject);
        Assert.Equal("{'_rebuild_tensor': 'builtins'}", finding.Evidence["state"]);
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_BuildWithDunderState_IsAttributeOverwrite()
    {
        var bytes = new PickleBuilder().Proto(2).Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .EmptyDict().Text("__class__").None().SetItem().At(out var build).Build().Stop().ToArray();

        var finding = Single(Scan(bytes), PickleRules.AttributeOverwrite);

        Assert.Equal(build, finding.Location.Offset);
        Assert.Equal("__class__", finding.Evidence["attributes"]);
    }

    [Fact]
    public void Scan_PersistentIdInPlainPickle_IsSuspicious()
    {
        var bytes = new PickleBuilder().Proto(2).Text("storage").Tuple1().At(out var at).BinPersId().Stop().ToArray();

        var report = Scan(bytes);

        Assert.Equal(at, Single(report, PickleRules.PersistentId).Location.Offset);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
    }

    [Fact]
    public void Scan_GetattrOfImportedGlobalWithConstantName_IsJudgedAsTheDottedImport()
    {
        var bytes = new PickleBuilder().Proto(2)
            .Global("__builtin__", "getattr").Global("bdb", "Bdb").Text("run").Tuple2().At(out var getattr).Reduce()
            .Global("bdb", "Bdb").EmptyTuple().NewObj().Text("import os").Tuple2().At(out var call).Reduce().Stop().ToArray();

        var report = Scan(bytes);

        var run = Assert.Single(report.Findings, finding => finding.Subject == "bdb.Bdb.run");
        Assert.Equal(PickleRules.CodeExecution.Id, run.RuleId);
        Assert.Equal(call, run.Location.Offset);
        Assert.Equal($"REDUCE of builtins.getattr bdb.Bdb.run at {getattr}", run.Evidence["import"]);
        Assert.DoesNotContain(report.Findings, finding => finding.Subject == "builtins.getattr");
    }

    [Fact]
    public void Scan_GetattrOfDunderOrOfComputedValue_IsImportMachinery()
    {
        var dunder = new PickleBuilder().Proto(2)
            .Global("builtins", "getattr").Global("collections", "OrderedDict").Text("__init__").Tuple2().Reduce().Stop().ToArray();
        var computed = new PickleBuilder().Proto(2)
            .Global("builtins", "getattr").Global("collections", "OrderedDict").EmptyTuple().Reduce().Text("keys").Tuple2().At(out var call).Reduce().Stop().ToArray();

        Assert.Equal("collections.OrderedDict.__init__", Single(Scan(dunder), PickleRules.ImportMachinery).Subject);
        var finding = Single(Scan(computed), PickleRules.ImportMachinery);
        Assert.Equal("builtins.getattr", finding.Subject);
        Assert.Equal(call, finding.Location.Offset);
    }
}
