using Rampart.Signing.Manifests;

namespace Rampart.Signing.Tests.Manifests;

public sealed class PosixPathComparerTests
{
    [Fact]
    public void Compare_ReferenceExample_SortsComponentWise()
    {
        var names = new List<string> { "a.txt", "a/c", "a-b", "B", "a/b", "a" };
        names.Sort(PosixPathComparer.Instance);
        Assert.Equal(["B", "a", "a/b", "a/c", "a-b", "a.txt"], names);
    }

    [Fact]
    public void Compare_NonBmpAgainstHighBmp_OrdersByCodePoint()
    {
        // U+1F600 is a surrogate pair (D83D DE00) in UTF-16, which ordinal order puts before U+FF21.
        var emoji = "\U0001F600";
        var fullwidth = "\uFF21";
        Assert.True(string.CompareOrdinal(emoji, fullwidth) < 0);
        Assert.True(PosixPathComparer.Instance.Compare(emoji, fullwidth) > 0);
        Assert.True(PosixPathComparer.Instance.Compare("d/" + fullwidth, "d/" + emoji) < 0);
    }

    [Fact]
    public void Compare_PrefixComponent_SortsFirst()
    {
        Assert.True(PosixPathComparer.Instance.Compare("a", "ab") < 0);
        Assert.True(PosixPathComparer.Instance.Compare("a", "a/b") < 0);
        Assert.Equal(0, PosixPathComparer.Instance.Compare("a/b", "a/b"));
    }
}
