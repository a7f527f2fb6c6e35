using System.Text;
using Rampart.ModelFiles.NumPy;
using Rampart.ModelFiles.Tests.Tensors;

namespace Rampart.ModelFiles.Tests.NumPy;

public sealed class NpyScannerTests
{
    private static FileScanReport ScanFixture(string name, ScanOptions? options = null, params string[] folder) =>
        ScanKit.Scan(File.ReadAllBytes(folder is ["picklescan"] ? ScanKit.TestData("Picklescan", "data2", name) : ScanKit.TestData(["NumPy", .. folder, name])), name, options);

    internal static byte[] Npy(string header, byte[] data, byte major = 1, int align = 64)
    {
        var text = Encoding.Latin1.GetBytes(header);
        var lengthBytes = major == 1 ? 2 : 4;
        var prefix = 8 + lengthBytes;
        var padding = align == 0 ? 0 : (align - ((prefix + text.Length + 1) % align)) % align;
        var total = text.Length + padding + 1;
        var bytes = new List<byte>([0x93, .. "NUMPY"u8, major, 0]);
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)total) : BitConverter.GetBytes((uint)total));
        bytes.AddRange(text);
        bytes.AddRange(Enumerable.Repeat((byte)' ', padding));
        bytes.Add((byte)'\n');
        bytes.AddRange(data);
        return [.. bytes];
    }

    [Theory]
    [InlineData("float32.npy")]
    [InlineData("fortran_int64.npy")]
    [InlineData("bigendian_f8.npy")]
    [InlineData("unicode.npy")]
    [InlineData("structured.npy")]
    [InlineData("nan_inf.npy")]
    [InlineData("scalar.npy")]
    [InlineData("version2.npy")]
    [InlineData("version3.npy")]
    public void Scan_NumpyWrittenArray_IsClean(string name)
    {
        var report = ScanFixture(name);
        Assert.Empty(report.Findings);
        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.Equal(ModelFormat.Npy, Assert.Single(report.Formats));
    }

    [Fact]
    public void Scan_PicklescanIntArray_IsClean()
    {
        Assert.Equal(FileVerdict.Clean, ScanFixture("int_array.npy", null, "picklescan").Verdict);
    }

    [Theory]
    [InlineData("object_array.npy", "picklescan")]
    [InlineData("dns_exfiltration.npy", "picklescan")]
    [InlineData("object_strings.npy", "")]
    [InlineData("object_os_system.npy", "")]
    public void Scan_ObjectArray_HandsThePickleToThePickleScanner(string name, string folder)
    {
        var report = ScanFixture(name, null, folder.Length == 0 ? [] : [folder]);

        var finding = ScanKit.Only(report.Findings, NpyRules.ObjectArray.Id);
        Assert.Equal(128, finding.Location.Offset);
        Assert.Equal("|O", finding.Evidence["descr"]);
        var part = Assert.Single(report.Parts, part => part.Format == ModelFormat.Pickle);
        Assert.Equal(NpyScanner.ObjectDataMember, Assert.Single(part.Location.Members));
        Assert.Equal(report.Length - 128, part.Length);
        Assert.NotEqual(FileVerdict.Clean, report.Verdict);
    }

    [Fact]
    public void Scan_StructuredDtypeWithObjectField_IsAnObjectArray()
    {
        var report = ScanFixture("structured_object.npy");
        Assert.Equal("[(x, <f4), (o, |O)]", ScanKit.Only(report.Findings, NpyRules.ObjectArray.Id).Evidence["descr"]);
        Assert.Contains(report.Parts, part => part.Format == ModelFormat.Pickle);
    }

    [Fact]
    public void Scan_DuplicateDescrKey_UsesTheLastLikePythonAndReportsIt()
    {
        var report = ScanFixture("duplicate_descr.npy");

        var duplicate = ScanKit.Only(report.Findings, NpyRules.DuplicateHeaderKey.Id);
        Assert.Equal("descr", duplicate.Location.Node);
        Assert.Equal(10 + 56, duplicate.Location.Offset);
        ScanKit.Only(report.Findings, NpyRules.ObjectArray.Id);
        Assert.Contains(report.Parts, part => part.Format == ModelFormat.Pickle);
    }

    [Fact]
    public void Scan_TruncatedData_IsMalformed()
    {
        var report = ScanFixture("truncated.npy");
        var finding = ScanKit.Only(report.Findings, NpyRules.TruncatedData.Id);
        Assert.Equal("The data has 12 bytes but shape (4,) of <f4 needs 16.", finding.Message);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_TrailingZip_IsMalformedPolyglotAndDangerousInside()
    {
        var report = ScanFixture("trailing_zip.npy");
        var finding = ScanKit.Only(report.Findings, NpyRules.TrailingData.Id);
        Assert.Equal(144, finding.Location.Offset);
        Assert.Contains(report.Findings, f => f.RuleId == CoreScanRules.Polyglot.Id);

        // The zip interpretation holds a pickle that calls os.system: the polyglot's hidden face is the payload.
        Assert.Contains(report.Findings, f => f.Verdict == FileVerdict.Dangerous && f.Subject == "os.system" && f.Location.Members.SequenceEqual(["data.pkl"]));
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_UnalignedData_IsInfo()
    {
        var report = ScanFixture("unaligned.npy");
        Assert.Equal("The array data starts at byte 68, not a multiple of 64 (or of 16, as numpy before 1.14 wrote).", ScanKit.Only(report.Findings, NpyRules.UnalignedData.Id).Message);
        Assert.Equal(FileVerdict.Info, report.Verdict);
    }

    [Fact]
    public void Scan_SixteenByteAlignmentOfOldNumpy_IsClean()
    {
        var report = ScanKit.Scan(Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", new byte[4], align: 16), "a.npy");
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Scan_HeaderAboveNumpyLimit_IsSuspiciousButParsed()
    {
        var report = ScanFixture("large_header.npy");
        var finding = ScanKit.Only(report.Findings, NpyRules.LargeHeader.Id);
        Assert.Equal("20596", finding.Evidence["header_characters"]);
        Assert.Equal(FileVerdict.Suspicious, report.Verdict);
    }

    [Fact]
    public void Scan_DeepWithNaNAndInfinity_ReportsCounts()
    {
        var report = ScanFixture("nan_inf.npy", new ScanOptions { Deep = true });
        var finding = ScanKit.Only(report.Findings, NpyRules.NonFiniteValues.Id);
        Assert.Equal("The array (<f4) holds 1 NaN and 2 infinite values out of 4.", finding.Message);
        Assert.Equal(128, finding.Location.Offset);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", 8)]
    [InlineData("{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2,)}", 8)]
    [InlineData("{'descr':'<f'  'f4'[:0] }", -1)]
    [InlineData("{'descr': u'<f4', # comment\n 'fortran_order': False, 'shape': (2L,),}", 8)]
    [InlineData("{'descr': ('<i2', (2,)), 'fortran_order': True, 'shape': (1, 2)}", 8)]
    [InlineData("{'descr': [('a', '<i4'), ('', '|V4'), (('title', 'b'), '<f8', 2)], 'fortran_order': False, 'shape': (1,)}", 24)]
    [InlineData("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,)}", 8)]
    [InlineData("{'descr': 'float64', 'fortran_order': False, 'shape': (1,)}", 8)]
    [InlineData("{'descr': '|S4', 'fortran_order': False, 'shape': (2,)}", 8)]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", 8)]
    [InlineData("{'descr': [], 'fortran_order': False, 'shape': (5,)}", 0)]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3)}", 0)]
    public void Scan_HeaderForms_AreAcceptedAsPythonReadsThem(string header, int dataBytes)
    {
        if (dataBytes < 0)
        {
            // Slicing is an expression, not a literal: refused.
            var bad = ScanKit.Scan(Npy(header, []), "a.npy");
            Assert.StartsWith("The header is not a Python literal numpy accepts:", ScanKit.Only(bad.Findings, NpyRules.InvalidHeader.Id).Message, StringComparison.Ordinal);
            return;
        }

        var report = ScanKit.Scan(Npy(header, new byte[dataBytes]), "a.npy");
        Assert.Empty(report.Findings);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False}", "The header has the keys 'descr', 'fortran_order'; numpy needs exactly 'descr', 'fortran_order' and 'shape'.")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", "The header has the keys 'descr', 'fortran_order', 'shape', 'x'; numpy needs exactly 'descr', 'fortran_order' and 'shape'.")]
    [InlineData("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", "fortran_order is the integer 0, not True or False.")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}", "shape is a list of 1, not a tuple of integers.")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}", "shape holds -1, which is not a valid dimension.")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}", "The header is not a Python literal numpy accepts: a number is not an integer literal.")]
    [InlineData("{'descr': '<i3', 'fortran_order': False, 'shape': (1,)}", "The descr is not a dtype numpy builds: numpy does not understand the dtype '<i3'.")]
    [InlineData("{'descr': None, 'fortran_order': False, 'shape': (1,)}", "The header is not a Python literal numpy accepts: the name 'None' is not a literal the header may hold.")]
    [InlineData("{'descr': __import__('os').system('id'), 'fortran_order': False, 'shape': (1,)}", "The header is not a Python literal numpy accepts: the name '__import__' is not a literal the header may hold.")]
    [InlineData("{'descr': b'<f4', 'fortran_order': False, 'shape': (1,)}", "The header is not a Python literal numpy accepts: the string prefix 'b' makes a value the header may not hold.")]
    [InlineData("['descr']", "The header is a list of 1, not a dict.")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296)}", "The array size (shape (4294967296, 4294967296, 4294967296)) overflows 64 bits.")]
    [InlineData("{'descr': [('a', '<f4'), ('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", "The descr is not a dtype numpy builds: the field name 'a' is used twice.")]
    public void Scan_InvalidHeader_IsMalformedWithTheReason(string header, string message)
    {
        var report = ScanKit.Scan(Npy(header, new byte[4]), "a.npy");
        Assert.Equal(message, ScanKit.Only(report.Findings, NpyRules.InvalidHeader.Id).Message);
        Assert.Equal(FileVerdict.Malformed, report.Verdict);
    }

    [Fact]
    public void Scan_UnknownDtype_IsUnscannable()
    {
        var report = ScanKit.Scan(Npy("{'descr': 'Z9', 'fortran_order': False, 'shape': (1,)}", new byte[4]), "a.npy");
        Assert.Equal("The descr cannot be analysed: the dtype 'Z9' is not one the scanner knows.", ScanKit.Only(report.Findings, NpyRules.UnknownDtype.Id).Message);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_UnsupportedVersion_IsMalformed()
    {
        var bytes = Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", new byte[4]);
        bytes[6] = 4;
        var finding = ScanKit.Only(ScanKit.Scan(bytes, "a.npy").Findings, NpyRules.InvalidHeader.Id);
        Assert.Equal("The format version is 4.0; numpy reads only 1.0, 2.0 and 3.0.", finding.Message);
        Assert.Equal(6, finding.Location.Offset);
    }

    [Fact]
    public void Scan_HeaderLengthPastEnd_IsMalformed()
    {
        byte[] bytes = [0x93, .. "NUMPY"u8, 1, 0, 0xFF, 0x00, (byte)'{'];
        var finding = ScanKit.Only(ScanKit.Scan(bytes, "a.npy").Findings, NpyRules.InvalidHeader.Id);
        Assert.Equal("The header length is 255 bytes but only 1 bytes follow it.", finding.Message);
    }

    [Fact]
    public void Scan_DeeplyNestedHeader_IsLimitReached()
    {
        var header = "{'descr': " + new string('[', 200) + new string(']', 200) + ", 'fortran_order': False, 'shape': (1,)}";
        var report = ScanKit.Scan(Npy(header, [], major: 2), "a.npy");
        ScanKit.Only(report.Findings, CoreScanRules.LimitReached.Id);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_MutatedFiles_NeverFailTheScanner()
    {
        var seeds = new[] { "float32.npy", "structured.npy", "object_strings.npy", "version3.npy" }
            .Select(name => File.ReadAllBytes(ScanKit.TestData("NumPy", name)))
            .ToArray();
        ScanKit.Fuzz(
            seeds,
            "a.npy",
            seed: 301,
            tokens: ["'descr'", "'shape'", "'fortran_order'", "True", "(", ")", "[", "]", "{", "}", ",", "'|O'", "'<U10'", "\\x", "\\u00e9", "#", "'''", "0x7fffffffffffffff", "L"],
            alphabet: "{}()[]',:<>|=0123456789 \\\"#uUbrfiOSV");
    }
}
