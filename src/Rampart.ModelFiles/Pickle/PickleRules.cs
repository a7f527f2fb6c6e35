using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Rules of the pickle scanner (<c>RMP-MF-100</c> to <c>RMP-MF-199</c>).</summary>
public static class PickleRules
{
    /// <summary>The pickle imports or calls something that runs code or commands.</summary>
    public static readonly ScanRule CodeExecution = new()
    {
        Id = "RMP-MF-100",
        Name = "PickleCodeExecution",
        Summary = "The pickle imports or calls a function that runs Python code or operating-system commands when the file is loaded (eval, exec, os.system, subprocess, runpy, pdb, profilers, idlelib and similar gadgets).",
        Help = "Do not load the file. Obtain the model from a trusted source, or convert it to SafeTensors or ONNX with a trusted tool.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>The pickle opens network connections.</summary>
    public static readonly ScanRule NetworkAccess = new()
    {
        Id = "RMP-MF-101",
        Name = "PickleNetworkAccess",
        Summary = "The pickle imports or calls a function that opens network connections when the file is loaded (sockets, HTTP clients, URL openers, DNS).",
        Help = "Do not load the file: loading it can download code or send data out. Obtain the model from a trusted source.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>The pickle reads or writes files.</summary>
    public static readonly ScanRule FileAccess = new()
    {
        Id = "RMP-MF-102",
        Name = "PickleFileAccess",
        Summary = "The pickle imports or calls a function that reads, writes or deletes files when the file is loaded (open, FileIO, shutil, logging file handlers, archive extraction).",
        Help = "Do not load the file: loading it can plant or read files. Obtain the model from a trusted source.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>The pickle reaches import or attribute machinery.</summary>
    public static readonly ScanRule ImportMachinery = new()
    {
        Id = "RMP-MF-103",
        Name = "PickleImportMachinery",
        Summary = "The pickle uses import or attribute machinery (getattr, __import__, importlib, operator.attrgetter, types.CodeType, marshal, dunder attributes such as __builtins__) that reaches any function in Python.",
        Help = "Do not load the file: these primitives are how pickle payloads reach functions a denylist does not name.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>The pickle deserialises other data at load time.</summary>
    public static readonly ScanRule NestedDeserialisation = new()
    {
        Id = "RMP-MF-104",
        Name = "PickleNestedDeserialisation",
        Summary = "The pickle calls a deserialiser (pickle.loads, torch.load, dill, joblib.load, numpy.load, yaml.load) while it is loaded, a common way to hide a second payload.",
        Help = "Do not load the file. Constant nested data is scanned too and reported separately.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>The pickle imports a model scanner.</summary>
    public static readonly ScanRule ScannerTampering = new()
    {
        Id = "RMP-MF-105",
        Name = "PickleScannerTampering",
        Summary = "The pickle imports a model scanner (picklescan, fickling, modelscan, modelaudit, rampart), which lets it patch the scanner at load time.",
        Help = "Do not load the file; no legitimate model refers to a scanner.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>The pickle exits, signals or reconfigures the running process.</summary>
    public static readonly ScanRule ProcessControl = new()
    {
        Id = "RMP-MF-106",
        Name = "PickleProcessControl",
        Summary = "The pickle imports or calls something that stops, signals or reconfigures the running process (sys.exit, sys.modules, signal, exit).",
        Help = "Do not load the file.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>STACK_GLOBAL with operands that are not constant strings.</summary>
    public static readonly ScanRule DynamicImport = new()
    {
        Id = "RMP-MF-107",
        Name = "PickleDynamicImport",
        Summary = "A STACK_GLOBAL import takes its module or name from a value that is not a string constant (the result of a call, an imported object, a number, bytes), so what it imports is decided at load time.",
        Help = "Do not load the file; pickles written by Python always import constant names.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>A call whose callable was computed at load time.</summary>
    public static readonly ScanRule ComputedCall = new()
    {
        Id = "RMP-MF-108",
        Name = "PickleComputedCall",
        Summary = "The pickle calls a value computed at load time (the result of another call, or an object from persistent_load), which is how gadget chains such as attrgetter(...)(module)(command) run code.",
        Help = "Do not load the file; pickles written by Python call imported classes and functions only.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>BUILD sets attributes of a module or class, or dunder attributes.</summary>
    public static readonly ScanRule AttributeOverwrite = new()
    {
        Id = "RMP-MF-109",
        Name = "PickleAttributeOverwrite",
        Summary = "A BUILD opcode sets attributes of an imported module or class, or dunder attributes of an object, changing code other parts of the pickle (or the program) then use.",
        Help = "Do not load the file; object state in legitimate pickles only fills in instances.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>Data decoded at load time feeds a deserialiser or code runner.</summary>
    public static readonly ScanRule ObfuscatedPayload = new()
    {
        Id = "RMP-MF-110",
        Name = "PickleObfuscatedPayload",
        Summary = "Data is decoded or decompressed at load time (base64, zlib, gzip, hex) and passed to a deserialiser or code runner: an obfuscated second stage.",
        Help = "Do not load the file. Decodable constants are decoded and scanned, and what they contain is reported separately.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.Critical,
    };

    /// <summary>An import that is neither allowed nor known to be dangerous.</summary>
    public static readonly ScanRule UnknownGlobal = new()
    {
        Id = "RMP-MF-111",
        Name = "PickleUnknownGlobal",
        Summary = "The pickle imports a module or global that is not on the allowlist of safe model globals; importing runs the module's code, and calling it runs arbitrary code of that library. Dangerous with --strict.",
        Help = "Check that the named library and class are what the model needs. If so, add it to the allowed globals (ScanOptions.AllowGlobals) after review; otherwise do not load the file.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>EXT1/EXT2/EXT4 opcodes.</summary>
    public static readonly ScanRule ExtensionCode = new()
    {
        Id = "RMP-MF-112",
        Name = "PickleExtensionCode",
        Summary = "The pickle imports through the copyreg extension registry (EXT1, EXT2, EXT4), whose target depends on the loading program, so it cannot be shown safe. Dangerous with --strict.",
        Help = "Re-save the object without extension codes; Python's own pickler never writes them unless copyreg.add_extension was called.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>Persistent ids outside a PyTorch file.</summary>
    public static readonly ScanRule PersistentId = new()
    {
        Id = "RMP-MF-113",
        Name = "PicklePersistentId",
        Summary = "The pickle uses persistent ids (PERSID, BINPERSID) outside a PyTorch file, or an unusual persistent id inside one; what they load is decided by the loading program. Dangerous with --strict.",
        Help = "Check which program loads the file and what its persistent_load does.",
        Verdict = FileVerdict.Suspicious,
        Severity = Severity.Medium,
    };

    /// <summary>The opcode stream is broken.</summary>
    public static readonly ScanRule Malformed = new()
    {
        Id = "RMP-MF-114",
        Name = "PickleMalformed",
        Summary = "The pickle's opcode stream is broken (unknown opcode, stack underflow, missing memo key, bad operand, no STOP), so loading fails part way, after the opcodes before the fault have run.",
        Help = "Do not load the file. Findings before the fault still apply: a payload followed by garbage runs before the error.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>FRAME lengths that do not match the opcodes.</summary>
    public static readonly ScanRule FrameMismatch = new()
    {
        Id = "RMP-MF-115",
        Name = "PickleFrameMismatch",
        Summary = "A protocol 4 FRAME declares a length that does not end on an opcode boundary (or a new frame starts inside one), so CPython's unpickler and a linear disassembler read different opcodes.",
        Help = "Do not load the file; Python's pickler never writes such frames.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Bytes after the last pickle that are not a pickle.</summary>
    public static readonly ScanRule TrailingData = new()
    {
        Id = "RMP-MF-116",
        Name = "PickleTrailingData",
        Summary = "Bytes follow the last pickle and are not a pickle; pickle.load ignores them, other readers may not (polyglot files hide a second format there).",
        Help = "Find out what wrote the extra bytes; regenerate the file without them.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>A legacy PyTorch file whose magic number is not a literal.</summary>
    public static readonly ScanRule TorchMagic = new()
    {
        Id = "RMP-MF-117",
        Name = "PickleTorchMagicComputed",
        Summary = "A legacy PyTorch file's first pickle computes the magic number instead of holding the integer literal, a known trick to slip a payload past scanners that expect the literal.",
        Help = "Do not load the file; torch.save always writes the magic number as a literal.",
        Verdict = FileVerdict.Dangerous,
        Severity = Severity.High,
    };

    /// <summary>Legacy PyTorch raw storage bytes that do not match the storage keys.</summary>
    public static readonly ScanRule TorchStorageLayout = new()
    {
        Id = "RMP-MF-118",
        Name = "PickleTorchStorageLayout",
        Summary = "In a legacy PyTorch file the raw storage bytes after the storage-key list do not match the storages the object pickle declares (unknown key, size mismatch, truncation).",
        Help = "Regenerate the file with torch.save; do not load a file whose layout was tampered with.",
        Verdict = FileVerdict.Malformed,
        Severity = Severity.High,
    };

    /// <summary>Raw data that could not be validated.</summary>
    public static readonly ScanRule UnverifiedData = new()
    {
        Id = "RMP-MF-119",
        Name = "PickleUnverifiedRawData",
        Summary = "Raw (non-pickle) data follows the pickles of a legacy PyTorch file and its layout could not be checked against the storage keys; loaders read it as tensor bytes.",
        Help = "Nothing to fix when the file comes from torch.save; the data is not interpreted as code by torch.load.",
        Verdict = FileVerdict.Info,
        Severity = Severity.Info,
    };

    /// <summary>A joblib inline array whose size cannot be computed.</summary>
    public static readonly ScanRule JoblibArrayUnscannable = new()
    {
        Id = "RMP-MF-120",
        Name = "PickleJoblibArrayUnscannable",
        Summary = "A joblib NumpyArrayWrapper is followed by inline array bytes whose length could not be computed from its shape and dtype, so the rest of the stream could not be analysed.",
        Help = "Re-save the object with a current joblib, or convert the arrays to .npy/SafeTensors files.",
        Verdict = FileVerdict.Unscannable,
        Severity = Severity.High,
    };

    /// <summary>Every pickle rule.</summary>
    public static ImmutableArray<ScanRule> All { get; } =
    [
        CodeExecution, NetworkAccess, FileAccess, ImportMachinery, NestedDeserialisation, ScannerTampering, ProcessControl,
        DynamicImport, ComputedCall, AttributeOverwrite, ObfuscatedPayload, UnknownGlobal, ExtensionCode, PersistentId,
        Malformed, FrameMismatch, TrailingData, TorchMagic, TorchStorageLayout, UnverifiedData, JoblibArrayUnscannable,
    ];
}
