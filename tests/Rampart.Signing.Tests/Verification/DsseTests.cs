using System.Text;
using Rampart.Signing.Verification;

namespace Rampart.Signing.Tests.Verification;

public sealed class DsseTests
{
    [Fact]
    public void Pae_SpecExample_MatchesDsseSpecification()
    {
        // From the DSSE protocol document: PAE("http://example.com/HelloWorld", "hello world").
        var pae = Dsse.Pae("http://example.com/HelloWorld", "hello world"u8);
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.ASCII.GetString(pae));
    }

    [Theory]
    [InlineData("{\n  \"a\": 1\n}", "b'{\\n  \"a\": 1\\n}'")]
    [InlineData("it's", "b\"it's\"")]
    [InlineData("'\"", "b'\\'\"'")]
    [InlineData("back\\slash\ttab\r", "b'back\\\\slash\\ttab\\r'")]
    public void PythonBytesRepr_Text_MatchesPython(string text, string expected)
    {
        Assert.Equal(expected, Dsse.PythonBytesRepr(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void PythonBytesRepr_NonAscii_EscapesAsHex()
    {
        Assert.Equal("b'\\x00\\x7f\\xc3\\xa9'", Dsse.PythonBytesRepr([0x00, 0x7f, 0xc3, 0xa9]));
    }

    [Fact]
    public void CompatPae_Payload_UsesUppercasePrefixAndRepr()
    {
        var pae = Encoding.UTF8.GetString(Dsse.CompatPae("t", "{}"u8));
        Assert.Equal("DSSEV1 1 t 2 b'{}'", pae);
    }
}
