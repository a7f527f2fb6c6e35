using Xunit.Abstractions;

namespace Rampart.ModelFiles.Tests.Corpus;

/// <summary>
/// The whole picklescan corpus (tests/data and tests/data2 at f15d54da, 109 files: pickles, PyTorch, NumPy, zip and
/// 7z) through the full scanner, from disk, as <c>rampart scan</c> reads it: every malicious or exploit file must
/// come out dangerous naming the callable its payload uses (found with <c>python3 -m pickletools</c>, never by
/// unpickling), and every other file must get exactly its expected verdict, never dangerous.
/// </summary>
public sealed class PicklescanCorpusTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Malicious = new(StringComparer.Ordinal)
    {
        ["data/broken_model.pkl"] = "builtins.exec",
        ["data/malicious-invalid-bytes.pkl"] = "os.system",
        ["data/malicious0.pkl"] = "builtins.eval",
        ["data/malicious1_v0.pkl"] = "builtins.eval",
        ["data/malicious1_v3.pkl"] = "builtins.eval",
        ["data/malicious1_v4.pkl"] = "builtins.eval",
        ["data/malicious2_v0.pkl"] = "os.system",
        ["data/malicious2_v3.pkl"] = "os.system",
        ["data/malicious2_v4.pkl"] = "os.system",
        ["data/malicious3.pkl"] = "http.client.HTTPSConnection",
        ["data/malicious4.pickle"] = "requests.api.get",
        ["data/malicious5.pickle"] = "aiohttp.client.ClientSession",
        ["data/malicious6.pkl"] = "requests.api.get",
        ["data/malicious7.pkl"] = "socket.create_connection",
        ["data/malicious8.pkl"] = "subprocess.run",
        ["data/malicious9.pkl"] = "sys.exit",
        ["data/malicious10.pkl"] = "builtins.exec",
        ["data/malicious11.pkl"] = "os.system",
        ["data/malicious12.pkl"] = "operator.attrgetter",
        ["data/malicious13a.pkl"] = "pickle.loads",
        ["data/malicious13b.pkl"] = "pickle.loads",
        ["data/malicious14.pkl"] = "runpy._run_code",
        ["data/malicious15a.pkl"] = "bdb.Bdb",
        ["data/malicious15b.pkl"] = "bdb.Bdb.run",
        ["data/malicious16.pkl"] = "pip.main",
        ["data/malicious17.pkl"] = "torch._inductor.codecache.compile_file",
        ["data/malicious18.pkl"] = "pydoc.pipepager",
        ["data/malicious19.pkl"] = "torch.serialization.load",
        ["data/malicious20.pkl"] = "venv.create",
        ["data/pytorch_magic_bypass.pt"] = "os.system",
        ["data/sys_module_override_sploit.pkl"] = "torch._utils",
        ["data2/GHSA-3gf5-cxq9-w223.pkl"] = "idlelib.pyshell.ModifiedInterpreter.runcode",
        ["data2/GHSA-3vg9-h568-4w9m.pkl"] = "idlelib.debugobj.ObjectTreeItem.SetText",
        ["data2/GHSA-4675-36f9-wf6r.pkl"] = "ctypes.CDLL",
        ["data2/GHSA-46h3-79wf-xr6c.pkl"] = "operator.attrgetter",
        ["data2/GHSA-49gj-c84q-6qm9.pkl"] = "cProfile.run",
        ["data2/GHSA-4r9r-ch6f-vxmx.pkl"] = "torch.utils.bottleneck.__main__.run_cprofile",
        ["data2/GHSA-4whj-rm5r-c2v8.pkl"] = "torch.utils.bottleneck.__main__.run_autograd_prof",
        ["data2/GHSA-5qwp-399c-mjwf.pkl"] = "trace.Trace.run",
        ["data2/GHSA-6vqj-c2q5-j97w.pkl"] = "profile.Profile.runctx",
        ["data2/GHSA-6w4w-5w54-rjvr.pkl"] = "idlelib.autocomplete.AutoComplete.get_entity",
        ["data2/GHSA-7cq8-mj8x-j263.pkl"] = "idlelib.autocomplete.AutoComplete.fetch_completions",
        ["data2/GHSA-7wx9-6375-f5wh.pkl"] = "profile.run",
        ["data2/GHSA-84r2-jw7c-4r5q.pkl"] = "pydoc.locate",
        ["data2/GHSA-86cj-95qr-2p4f.pkl"] = "torch._dynamo.guards.GuardBuilder.get",
        ["data2/GHSA-8r4j-24qv-fmq9.pkl"] = "idlelib.calltip.Calltip.fetch_tip",
        ["data2/GHSA-955r-x9j8-7rhh.pkl"] = "operator.methodcaller",
        ["data2/GHSA-9w88-8rmg-7g2p.pkl"] = "cProfile.runctx",
        ["data2/GHSA-9xph-j2h6-g47v.pkl"] = "idlelib.calltip.get_entity",
        ["data2/GHSA-cj3c-v495-4xqh.pkl"] = "code.InteractiveInterpreter.runcode",
        ["data2/GHSA-f4x7-rfwp-v3xw.pkl"] = "torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression",
        ["data2/GHSA-f54q-57x4-jg88.pkl"] = "lib2to3.pgen2.grammar.Grammar.loads",
        ["data2/GHSA-f745-w6jp-hpxx.pkl"] = "torch.utils.collect_env.run",
        ["data2/GHSA-fqq6-7vqf-w3fg.pkl"] = "doctest.debug_script",
        ["data2/GHSA-g344-hcph-8vgg.pkl"] = "trace.Trace.runctx",
        ["data2/GHSA-g38g-8gr9-h9xp-aix-support.pkl"] = "_aix_support._read_cmd_output",
        ["data2/GHSA-g38g-8gr9-h9xp-imaplib.pkl"] = "imaplib.IMAP4_stream",
        ["data2/GHSA-g38g-8gr9-h9xp-osx-support.pkl"] = "_osx_support._read_output",
        ["data2/GHSA-g38g-8gr9-h9xp-pyrepl-pager.pkl"] = "_pyrepl.pager.pipe_pager",
        ["data2/GHSA-g38g-8gr9-h9xp-test.pkl"] = "test.support.script_helper.assert_python_ok",
        ["data2/GHSA-g38g-8gr9-h9xp-uuid.pkl"] = "uuid._get_command_stdout",
        ["data2/GHSA-h3qp-7fh3-f8h4.pkl"] = "torch.utils.data.datapipes.utils.decoder.basichandlers",
        ["data2/GHSA-j343-8v2j-ff7w.pkl"] = "idlelib.pyshell.ModifiedInterpreter.runcommand",
        ["data2/GHSA-jgw4-cr84-mqxg.bin"] = "asyncio.unix_events._UnixSubprocessTransport._start",
        ["data2/GHSA-jhph-76pp-mggw.pkl"] = "torch.utils.collect_env.run_and_read_all",
        ["data2/GHSA-m273-6v24-x4m4.pkl"] = "distutils.file_util.write_file",
        ["data2/GHSA-m869-42cg-3xwr.pkl"] = "idlelib.run.Executive.runcode",
        ["data2/GHSA-p9w7-82w4-7q8m.pkl"] = "lib2to3.pgen2.pgen.ParserGenerator.make_label",
        ["data2/GHSA-q77w-mwjj-7mqx.pkl"] = "asyncio.unix_events._UnixSubprocessTransport._start",
        ["data2/GHSA-r8g5-cgf2-4m4m.pkl"] = "numpy.f2py.crackfortran.getlincoef",
        ["data2/GHSA-vqmv-47xg-9wpr.pkl"] = "pty.spawn",
        ["data2/GHSA-vr7h-p6mm-wpmh.pkl"] = "torch.jit.unsupported_tensor_ops.execWrapper",
        ["data2/GHSA-vv6j-3g6g-2pvj.pkl"] = "torch.utils._config_module.ConfigModule.load_config",
        ["data2/GHSA-vvpj-8cmc-gx39.pkl"] = "pkgutil.resolve_name",
        ["data2/GHSA-x696-vm39-cp64.pkl"] = "profile.Profile.run",
        ["data2/GHSA-xp4f-hrf8-rxw7.pkl"] = "ensurepip._run_pip",
        ["data2/cloudpickle_codeinjection.pkl"] = "cloudpickle.cloudpickle._make_function",
        ["data2/io_FileIO.pkl"] = "io.FileIO",
        ["data2/keyerror-exploit.pkl"] = "os.system",
        ["data2/logging_FileHandler.pkl"] = "logging.FileHandler",
        ["data2/malicious21.pkl"] = "timeit.timeit",
        ["data2/malicious22.pkl"] = "numpy.testing._private.utils.runstring",
        ["data2/malicious23.pkl"] = "os.system",
        ["data2/type-confusion-exploit.pkl"] = "os.system",
        ["data2/types_CodeType.pkl"] = "types.CodeType",
        ["data2/urllib_request_urlopen.pkl"] = "urllib.request.urlopen",

        // Containers: the payload sits in an archive member or a NumPy object array.
        ["data/malicious1.7z"] = "builtins.eval",
        ["data/malicious1.zip"] = "builtins.eval",
        ["data/malicious1_0x1.zip"] = "builtins.eval",
        ["data/malicious1_0x20.zip"] = "builtins.eval",
        ["data/malicious1_0x40.zip"] = "builtins.eval",
        ["data/malicious1_central_directory.zip"] = "builtins.eval",
        ["data/malicious1_wrong_ext.zip"] = "builtins.eval",
        ["data2/malicious1_crc.zip"] = "builtins.eval",
        ["data2/dns_exfiltration.npy"] = "ssl.get_server_certificate",
    };

    /// <summary>The other files, with the verdict each must get.</summary>
    private static readonly Dictionary<string, FileVerdict> Benign = new(StringComparer.Ordinal)
    {
        ["data/benign0_v0.pkl"] = FileVerdict.Clean,
        ["data/benign0_v3.pkl"] = FileVerdict.Clean,
        ["data/benign0_v4.pkl"] = FileVerdict.Clean,
        ["data/pytorch_model.bin"] = FileVerdict.Clean,
        ["data/new_pytorch_model.bin"] = FileVerdict.Clean,
        ["data2/int_array.npy"] = FileVerdict.Clean,
        ["data2/int_arrays.npz"] = FileVerdict.Clean,
        ["data2/int_arrays_compressed.npz"] = FileVerdict.Clean,

        // Object arrays need allow_pickle; their pickles rebuild plain Python objects.
        ["data2/object_array.npy"] = FileVerdict.Info,
        ["data2/object_arrays.npz"] = FileVerdict.Info,
        ["data2/object_arrays_compressed.npz"] = FileVerdict.Info,

        // Cannot be analysed, so not shown safe: an encrypted member, and two files that are no model format.
        ["data/benign_password_protected.zip"] = FileVerdict.Unscannable,
        ["data/not_a_pickle.bin"] = FileVerdict.Unscannable,
        ["data/bad_pytorch.pt"] = FileVerdict.Unscannable,
    };

    [Fact]
    public void ScanFile_PicklescanCorpus_FlagsEveryExploitWithItsCallableAndNoOtherFile()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "TestData", "Picklescan");
        var scanner = new ModelScanner();
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => path.StartsWith("data", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(Malicious.Count + Benign.Count, files.Count);
        int dangerous = 0, clean = 0, notDangerous = 0;
        foreach (var file in files)
        {
            var report = scanner.ScanFile(Path.Combine(root, file), file);
            output.WriteLine($"{file}: {report.Verdict} {string.Join(", ", report.Findings.Select(finding => $"{finding.RuleId} {finding.Subject}"))}");
            if (Malicious.TryGetValue(file, out var callable))
            {
                Assert.True(report.Verdict == FileVerdict.Dangerous, $"{file} is {report.Verdict}");
                Assert.Contains(report.Findings, finding => finding.Verdict == FileVerdict.Dangerous && finding.Subject == callable);
                dangerous++;
            }
            else
            {
                Assert.True(Benign.TryGetValue(file, out var expected), $"{file} is in neither list");
                Assert.True(report.Verdict == expected, $"{file} is {report.Verdict}, expected {expected}");
                clean += report.Verdict <= FileVerdict.Info ? 1 : 0;
                notDangerous++;
            }
        }

        output.WriteLine($"{files.Count} files: {dangerous} of {Malicious.Count} malicious files dangerous with the expected callable; {notDangerous} of {Benign.Count} other files not dangerous ({clean} clean or info, the rest unscannable as expected).");
        Assert.Equal(109, files.Count);
        Assert.Equal(Malicious.Count, dangerous);
        Assert.Equal(Benign.Count, notDangerous);
    }
}
