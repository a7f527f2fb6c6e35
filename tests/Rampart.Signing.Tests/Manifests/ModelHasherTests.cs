using System.Security.Cryptography;
using System.Text;
using Rampart.Signing.Manifests;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Manifests;

public sealed class ModelHasherTests
{
    internal static string Oms(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", "oms", .. parts]);

    [Fact]
    public void Hash_V110EllipticKeyFolder_ReproducesReferenceRootDigest()
    {
        var manifest = ModelHasher.Hash(Oms("v1.1.0-elliptic-key"), new ManifestOptions { IgnorePaths = ["ignore-me", "model.sig"] });
        Assert.Equal(["signme-1", "signme-2"], manifest.Resources.Select(r => r.Name));
        Assert.StartsWith("92745110", manifest.RootDigest, StringComparison.Ordinal);
        Assert.EndsWith("c6dec4", manifest.RootDigest, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_SingleFile_NamesItDot()
    {
        var manifest = ModelHasher.Hash(Oms("v1.0.0-elliptic-key", "signme-1"));
        var resource = Assert.Single(manifest.Resources);
        Assert.Equal(".", resource.Name);
        Assert.Equal("sha256", resource.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Oms("v1.0.0-elliptic-key", "signme-1")))), resource.Digest);
    }

    [Fact]
    public void Hash_NestedFolder_UsesSlashesAndPathOrder()
    {
        using var folder = new TempFolder();
        foreach (var name in new[] { "a.txt", "a/c", "a-b", "B", "a/b" })
        {
            folder.Write(name, name);
        }

        var manifest = ModelHasher.Hash(folder.Path);
        Assert.Equal(["B", "a/b", "a/c", "a-b", "a.txt"], manifest.Resources.Select(r => r.Name));
    }

    [Fact]
    public void Hash_GitPathsAndSignature_AreIgnoredByDefault()
    {
        using var folder = new TempFolder();
        folder.Write("model.bin", "weights");
        folder.Write(".git/HEAD", "ref");
        folder.Write(".github/workflows/ci.yml", "on: push");
        folder.Write(".gitignore", "*");
        folder.Write(".gitattributes", "*");
        var signature = folder.Write("model.sig", "{}");
        var manifest = ModelHasher.Hash(folder.Path, new ManifestOptions { SignaturePath = signature });
        Assert.Equal(["model.bin"], manifest.Resources.Select(r => r.Name));

        var withGit = ModelHasher.Hash(folder.Path, new ManifestOptions { IgnoreGitPaths = false, SignaturePath = signature });
        Assert.Contains(withGit.Resources, r => r.Name == ".git/HEAD");
    }

    [Fact]
    public void Hash_ExplicitIgnoreFolder_LeavesOutEverythingUnderIt()
    {
        using var folder = new TempFolder();
        folder.Write("keep/a", "1");
        folder.Write("drop/b", "2");
        folder.Write("drop/sub/c", "3");
        var manifest = ModelHasher.Hash(folder.Path, new ManifestOptions { IgnorePaths = ["drop", "../outside"] });
        Assert.Equal(["keep/a"], manifest.Resources.Select(r => r.Name));
    }

    [Fact]
    public void Hash_Symlink_IsRefused()
    {
        using var folder = new TempFolder();
        var target = folder.Write("real", "x");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "link"), target);
        var error = Assert.Throws<ManifestException>(() => ModelHasher.Hash(folder.Path));
        Assert.Contains("link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_NamedPipe_IsRefused()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var folder = new TempFolder();
        folder.Write("real", "x");
        using (var process = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder.Path, "pipe")))
        {
            process.WaitForExit();
        }

        var error = Assert.Throws<ManifestException>(() => ModelHasher.Hash(folder.Path));
        Assert.Contains("special", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_LargeFile_StreamsInChunks()
    {
        using var folder = new TempFolder();
        var data = new byte[(ModelHasher.ChunkSize * 2) + 17];
        new Random(5).NextBytes(data);
        File.WriteAllBytes(Path.Combine(folder.Path, "big"), data);
        var manifest = ModelHasher.Hash(folder.Path);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), Assert.Single(manifest.Resources).Digest);
    }

    [Fact]
    public void ComputeRootDigest_TwoResources_HashesConcatenatedRawDigests()
    {
        var a = SHA256.HashData(Encoding.UTF8.GetBytes("a"));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes("b"));
        var expected = Convert.ToHexStringLower(SHA256.HashData([.. a, .. b]));
        var root = ModelManifest.ComputeRootDigest(
        [
            new ManifestResource { Name = "a", Algorithm = "sha256", Digest = Convert.ToHexStringLower(a) },
            new ManifestResource { Name = "b", Algorithm = "sha256", Digest = Convert.ToHexStringLower(b) },
        ]);
        Assert.Equal(expected, root);
    }

    [Fact]
    public void Hash_Missing_Throws()
    {
        Assert.Throws<ManifestException>(() => ModelHasher.Hash(Oms("does-not-exist")));
    }
}
