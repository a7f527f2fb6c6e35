using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;

namespace Rampart.Tests;

/// <summary>A system folder with a manifest and files, for check and engine tests.</summary>
internal sealed class SystemFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Path => _folder.Path;

    public string Write(string relative, string text) => _folder.Write(relative, text);

    public static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public SystemManifest Manifest(string yaml)
    {
        _folder.Write("rampart.yaml", yaml);
        var result = ManifestReader.ReadPath(_folder.Path, SecurityCatalogue.Default);
        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        return result.Value!;
    }

    public CheckContext Context(SystemManifest manifest, TimeProvider? time = null) => new()
    {
        Manifest = manifest,
        Catalogue = SecurityCatalogue.Default,
        Time = time ?? FixedTime.Default,
        Seed = 7,
    };

    public void Dispose() => _folder.Dispose();
}
