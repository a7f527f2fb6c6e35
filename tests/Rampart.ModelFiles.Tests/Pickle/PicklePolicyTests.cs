using Rampart.ModelFiles.Pickle;

namespace Rampart.ModelFiles.Tests.Pickle;

public sealed class PicklePolicyTests
{
    private static PolicyDecision Classify(string module, string name, params string[] allow)
    {
        var (moduleParts, nameParts) = PickleNames.Resolve(module, name);
        return PicklePolicy.Default.Classify(moduleParts, nameParts, [.. allow], $"{module}.{name}");
    }

    /// <summary>The gadgets of the reference's bypass table (row 1) and picklescan's list, as module:name.</summary>
    [Theory]
    [InlineData("pip:main", "RMP-MF-100")]
    [InlineData("runpy:_run_code", "RMP-MF-100")]
    [InlineData("bdb:Bdb.run", "RMP-MF-100")]
    [InlineData("timeit:timeit", "RMP-MF-100")]
    [InlineData("cProfile:runctx", "RMP-MF-100")]
    [InlineData("profile:Profile.run", "RMP-MF-100")]
    [InlineData("trace:Trace.runctx", "RMP-MF-100")]
    [InlineData("pydoc:pipepager", "RMP-MF-100")]
    [InlineData("pydoc:locate", "RMP-MF-100")]
    [InlineData("pkgutil:resolve_name", "RMP-MF-103")]
    [InlineData("ensurepip:_run_pip", "RMP-MF-100")]
    [InlineData("venv:create", "RMP-MF-100")]
    [InlineData("ctypes:CDLL", "RMP-MF-100")]
    [InlineData("code:InteractiveInterpreter.runcode", "RMP-MF-100")]
    [InlineData("doctest:debug_script", "RMP-MF-100")]
    [InlineData("idlelib.pyshell:ModifiedInterpreter.runcode", "RMP-MF-100")]
    [InlineData("idlelib.run:Executive.runcode", "RMP-MF-100")]
    [InlineData("lib2to3.pgen2.pgen:ParserGenerator.make_label", "RMP-MF-100")]
    [InlineData("distutils.file_util:write_file", "RMP-MF-100")]
    [InlineData("logging:FileHandler", "RMP-MF-102")]
    [InlineData("logging.handlers:SocketHandler", "RMP-MF-102")]
    [InlineData("_io:FileIO", "RMP-MF-102")]
    [InlineData("builtins:open", "RMP-MF-102")]
    [InlineData("shutil:rmtree", "RMP-MF-102")]
    [InlineData("urllib.request:urlopen", "RMP-MF-101")]
    [InlineData("urllib2:urlopen", "RMP-MF-101")]
    [InlineData("ssl:get_server_certificate", "RMP-MF-101")]
    [InlineData("webbrowser:open", "RMP-MF-101")]
    [InlineData("httplib:HTTPConnection", "RMP-MF-101")]
    [InlineData("requests:get", "RMP-MF-101")]
    [InlineData("aiohttp.client:ClientSession", "RMP-MF-101")]
    [InlineData("socket:socket", "RMP-MF-101")]
    [InlineData("pandas:read_csv", "RMP-MF-101")]
    [InlineData("uuid:_get_command_stdout", "RMP-MF-100")]
    [InlineData("_osx_support:_read_output", "RMP-MF-100")]
    [InlineData("_aix_support:_read_cmd_output", "RMP-MF-100")]
    [InlineData("imaplib:IMAP4_stream", "RMP-MF-101")]
    [InlineData("_pyrepl.pager:pipe_pager", "RMP-MF-100")]
    [InlineData("test.support.script_helper:assert_python_ok", "RMP-MF-100")]
    [InlineData("numpy.f2py.crackfortran:getlincoef", "RMP-MF-100")]
    [InlineData("numpy.testing._private.utils:runstring", "RMP-MF-100")]
    [InlineData("torch:load", "RMP-MF-104")]
    [InlineData("torch.serialization:load", "RMP-MF-104")]
    [InlineData("torch.hub:load", "RMP-MF-100")]
    [InlineData("torch.jit:load", "RMP-MF-100")]
    [InlineData("torch._C:_jit_pass_inline", "RMP-MF-100")]
    [InlineData("torch.storage:_load_from_bytes", "RMP-MF-104")]
    [InlineData("torch._inductor.codecache:compile_file", "RMP-MF-100")]
    [InlineData("torch.utils.bottleneck.__main__:run_cprofile", "RMP-MF-100")]
    [InlineData("multiprocessing.util:spawnv_passfds", "RMP-MF-100")]
    [InlineData("mlflow.projects.backend.local:_run_entry_point", "RMP-MF-100")]
    [InlineData("cloudpickle.cloudpickle:_make_function", "RMP-MF-100")]
    [InlineData("types:CodeType", "RMP-MF-103")]
    [InlineData("types:FunctionType", "RMP-MF-103")]
    [InlineData("marshal:loads", "RMP-MF-103")]
    [InlineData("__builtin__:eval", "RMP-MF-100")]
    [InlineData("builtins:exec", "RMP-MF-100")]
    [InlineData("builtins:compile", "RMP-MF-100")]
    [InlineData("builtins:breakpoint", "RMP-MF-100")]
    [InlineData("builtins:input", "RMP-MF-100")]
    [InlineData("builtins:getattr", "RMP-MF-103")]
    [InlineData("builtins:__import__", "RMP-MF-103")]
    [InlineData("importlib:import_module", "RMP-MF-103")]
    [InlineData("operator:attrgetter", "RMP-MF-103")]
    [InlineData("_operator:methodcaller", "RMP-MF-103")]
    [InlineData("posix:system", "RMP-MF-100")]
    [InlineData("nt:system", "RMP-MF-100")]
    [InlineData("subprocess:Popen", "RMP-MF-100")]
    [InlineData("commands:getoutput", "RMP-MF-100")]
    [InlineData("pty:spawn", "RMP-MF-100")]
    [InlineData("asyncio.unix_events:_UnixSubprocessTransport._start", "RMP-MF-100")]
    [InlineData("pickle:loads", "RMP-MF-104")]
    [InlineData("_pickle:loads", "RMP-MF-104")]
    [InlineData("cPickle:loads", "RMP-MF-104")]
    [InlineData("dill:loads", "RMP-MF-104")]
    [InlineData("joblib:load", "RMP-MF-104")]
    [InlineData("numpy:load", "RMP-MF-104")]
    [InlineData("sys:modules", "RMP-MF-106")]
    [InlineData("picklescan.scanner:scan_pickle_bytes", "RMP-MF-105")]
    [InlineData("fickling.analysis:check_safety", "RMP-MF-105")]
    [InlineData("modelscan.modelscan:ModelScan", "RMP-MF-105")]
    public void Classify_KnownGadget_IsDenied(string import, string ruleId)
    {
        var (module, name) = (import.Split(':')[0], import.Split(':')[1]);

        var decision = Classify(module, name);

        Assert.Equal(PolicyVerdict.Denied, decision.Verdict);
        Assert.Equal(ruleId, decision.Rule!.Id);
    }

    [Theory]
    [InlineData("torch._utils", "_rebuild_tensor_v2", "torch._utils._rebuild_tensor_v2")]
    [InlineData("torch", "FloatStorage", "torch.FloatStorage")]
    [InlineData("torch.serialization", "_get_layout", "torch.serialization._get_layout")]
    [InlineData("collections", "OrderedDict", "collections.OrderedDict")]
    [InlineData("numpy.core.multiarray", "_reconstruct", "numpy.core.multiarray._reconstruct")]
    [InlineData("_codecs", "encode", "codecs.encode")]
    [InlineData("copy_reg", "_reconstructor", "copyreg._reconstructor")]
    [InlineData("__builtin__", "set", "builtins.set")]
    [InlineData("joblib.numpy_pickle", "NumpyArrayWrapper", "joblib.numpy_pickle.NumpyArrayWrapper")]
    [InlineData("sklearn.linear_model._logistic", "LogisticRegression", "sklearn.linear_model._logistic.LogisticRegression")]
    [InlineData("numpy.random._pickle", "__randomstate_ctor", "numpy.random._pickle.__randomstate_ctor")]
    public void Classify_ModelGlobal_IsAllowed(string module, string name, string canonical)
    {
        var decision = Classify(module, name);

        Assert.Equal(PolicyVerdict.Allowed, decision.Verdict);
        Assert.Equal(canonical, decision.Subject);
    }

    [Fact]
    public void Classify_AttributePathIntoDeniedModule_NamesTheReachedPart()
    {
        var decision = Classify("pathlib", "os.system");

        Assert.Equal(PolicyVerdict.Denied, decision.Verdict);
        Assert.Equal("os.system", decision.Subject);
    }

    [Theory]
    [InlineData("numpy", "__builtins__")]
    [InlineData("builtins", "object.__subclasses__")]
    [InlineData("mylib", "Model.__init__.__globals__")]
    public void Classify_DunderAttribute_IsImportMachinery(string module, string name)
    {
        var decision = Classify(module, name);

        Assert.Equal(PolicyVerdict.Denied, decision.Verdict);
        Assert.Equal(PickleRules.ImportMachinery, decision.Rule);
    }

    [Fact]
    public void Classify_UnknownGlobal_IsUnknownUnlessTheUserAllowsIt()
    {
        Assert.Equal(PolicyVerdict.Unknown, Classify("functools", "partial").Verdict);
        Assert.Equal(PolicyVerdict.Allowed, Classify("functools", "partial", "functools.partial").Verdict);
        Assert.Equal(PolicyVerdict.Denied, Classify("numpy", "__builtins__", "numpy.__builtins__").Verdict);
    }

    [Fact]
    public void Classify_LoadersAndDecoders_CarryTheirKinds()
    {
        Assert.Equal(LoadsKind.Pickle, Classify("_pickle", "loads").Loads);
        Assert.Equal(LoadsKind.Any, Classify("torch", "load").Loads);
        Assert.Equal(DecodeKind.Base64, Classify("base64", "b64decode").Decode);
        Assert.Equal(DecodeKind.Latin1, Classify("_codecs", "encode").Decode);
        Assert.True(Classify("joblib.numpy_pickle", "NumpyArrayWrapper").JoblibArray);
    }

    [Fact]
    public void Default_PolicyFile_IsLoaded()
    {
        Assert.True(PicklePolicy.Default.AllowCount > 300);
        Assert.True(PicklePolicy.Default.DenyCount > 200);
    }
}
