using System.Text.Json;

namespace Rampart.Tests;

public sealed class SigningCommandsTests
{
    private static string Oms(params string[] parts) => Path.Combine([RepositoryRoot.Path, "tests", "Rampart.Signing.Tests", "TestData", "oms", .. parts]);

    public static TheoryData<string, string, string> Fixtures => new()
    {
        { "v0.3.1-elliptic-key", "signme-1", "key" },
        { "v1.0.0-elliptic-key", "signme-1", "key" },
        { "v1.0.1-elliptic-key", "", "key" },
        { "v1.1.0-elliptic-key", "", "key" },
        { "v0.2.0-certificate", "", "certificate" },
        { "v0.3.1-certificate", "", "certificate" },
        { "v1.0.0-certificate", "", "certificate" },
        { "v1.0.1-certificate", "", "certificate" },
        { "v1.1.0-certificate", "", "certificate" },
    };

    [Fact]
    public async Task KeygenSignVerify_RoundTrip_ExitsZero()
    {
        using var folder = Model();
        var prefix = Path.Combine(folder.Path, "keys", "signer");
        var (keygen, keygenOut, _) = await CliRunner.RunAsync("keygen", "--out", prefix);
        Assert.Equal(0, keygen);
        Assert.Contains("signer.pub.pem", keygenOut, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(prefix + ".pem"), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(prefix + ".pub.pem"), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".pem"));
        }

        var model = Path.Combine(folder.Path, "model");
        var signature = Path.Combine(model, "model.sig");
        var (sign, signOut, signError) = await CliRunner.RunAsync("sign", model, "--key", prefix + ".pem", "--output", signature);
        Assert.True(sign == 0, signError);
        Assert.Contains("signed 3 files", signOut, StringComparison.Ordinal);

        var (verify, verifyOut, verifyError) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", prefix + ".pub.pem");
        Assert.True(verify == 0, verifyOut + verifyError);
        Assert.StartsWith("verified: ", verifyOut, StringComparison.Ordinal);
        Assert.Contains("3 signed files", verifyOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keygen_Exists_RefusesWithoutForce()
    {
        using var folder = new TempFolder();
        var prefix = Path.Combine(folder.Path, "k");
        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", prefix, "--curve", "p384")).Exit);
        var before = File.ReadAllText(prefix + ".pem");
        var (exit, _, error) = await CliRunner.RunAsync("keygen", "--out", prefix);
        Assert.Equal(1, exit);
        Assert.Contains($"error: '{prefix}.pem' already exists", error, StringComparison.Ordinal);
        Assert.Contains($"error: '{prefix}.pub.pem' already exists", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(prefix + ".pem"));

        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", prefix, "--force")).Exit);
        Assert.NotEqual(before, File.ReadAllText(prefix + ".pem"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(prefix + ".pem"));
        }
    }

    [Fact]
    public async Task Verify_OneByteChanged_ExitsTwoNamingFile()
    {
        using var folder = Model();
        var (model, signature, publicKey) = await SignAsync(folder);
        File.WriteAllText(Path.Combine(model, "weights", "b.bin"), "bbbbbbbbbbbX");

        var (exit, output, _) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey);
        Assert.Equal(2, exit);
        Assert.Contains("NOT verified", output, StringComparison.Ordinal);
        Assert.Contains("file changed: 'weights/b.bin'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Json_ListsProblemsWithKindAndPath()
    {
        using var folder = Model();
        var (model, signature, publicKey) = await SignAsync(folder);
        File.Delete(Path.Combine(model, "config.json"));
        File.WriteAllText(Path.Combine(model, "extra.bin"), "x");

        var (exit, output, _) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey, "--format", "json");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.Equal("key", root.GetProperty("mode").GetString());
        var problems = root.GetProperty("problems").EnumerateArray().Select(p => (p.GetProperty("kind").GetString(), p.GetProperty("path").GetString())).ToList();
        Assert.Equal([("fileRemoved", "config.json"), ("fileAdded", "extra.bin")], problems);
        var files = root.GetProperty("files");
        Assert.Equal(3, files.GetProperty("signed").GetInt32());
        Assert.Equal(1, files.GetProperty("added").GetInt32());
        Assert.Equal(1, files.GetProperty("removed").GetInt32());
        Assert.Equal(0, files.GetProperty("changed").GetInt32());
    }

    [Fact]
    public async Task Verify_OtherKey_ExitsTwoWrongKey()
    {
        using var folder = Model();
        var (model, signature, _) = await SignAsync(folder);
        var other = Path.Combine(folder.Path, "other");
        await CliRunner.RunAsync("keygen", "--out", other);
        var (exit, output, _) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", other + ".pub.pem");
        Assert.Equal(2, exit);
        Assert.Contains("wrong key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_Ignore_IgnoredFileMayChange()
    {
        using var folder = Model();
        folder.Write("model/notes.txt", "draft");
        var (model, signature, publicKey) = await SignAsync(folder, "--ignore", "notes.txt");
        File.WriteAllText(Path.Combine(model, "notes.txt"), "final");
        Assert.Equal(0, (await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey)).Exit);
    }

    [Fact]
    public async Task Verify_IgnoreOption_LeavesOutAddedFile()
    {
        using var folder = Model();
        var (model, signature, publicKey) = await SignAsync(folder);
        folder.Write("model/cache/x.tmp", "x");
        Assert.Equal(2, (await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey)).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey, "--ignore", "cache")).Exit);
    }

    [Fact]
    public async Task Sign_MissingKey_ExitsOneNamingIt()
    {
        using var folder = Model();
        var (exit, _, error) = await CliRunner.RunAsync("sign", Path.Combine(folder.Path, "model"), "--key", "/no/such/key.pem", "--output", Path.Combine(folder.Path, "m.sig"));
        Assert.Equal(1, exit);
        Assert.Contains("'/no/such/key.pem': does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "m.sig")));
    }

    [Fact]
    public async Task Sign_PublicKeyGivenAsKey_ExitsOneSayingSo()
    {
        using var folder = Model();
        var prefix = Path.Combine(folder.Path, "k");
        await CliRunner.RunAsync("keygen", "--out", prefix);
        var (exit, _, error) = await CliRunner.RunAsync("sign", Path.Combine(folder.Path, "model"), "--key", prefix + ".pub.pem", "--output", Path.Combine(folder.Path, "m.sig"));
        Assert.Equal(1, exit);
        Assert.Contains("holds a public key, not a private key", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_OutputIsTheModelFile_ExitsOneAndLeavesItAlone()
    {
        using var folder = Model();
        var (_, _, publicKey) = await SignAsync(folder);
        var file = Path.Combine(folder.Path, "model", "config.json");
        var (exit, _, error) = await CliRunner.RunAsync("sign", file, "--key", publicKey.Replace(".pub.pem", ".pem", StringComparison.Ordinal), "--output", file);
        Assert.Equal(1, exit);
        Assert.Contains("is the model itself", error, StringComparison.Ordinal);
        Assert.Equal("{\"layers\": 2}", File.ReadAllText(file));
    }

    [Fact]
    public async Task SignVerify_SingleFileModel_RoundTrips()
    {
        using var folder = Model();
        var (_, _, publicKey) = await SignAsync(folder);
        var file = Path.Combine(folder.Path, "model", "weights", "a.bin");
        var signature = Path.Combine(folder.Path, "a.sig");
        Assert.Equal(0, (await CliRunner.RunAsync("sign", file, "--key", publicKey.Replace(".pub.pem", ".pem", StringComparison.Ordinal), "--output", signature)).Exit);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", file, "--signature", signature, "--key", publicKey)).Exit);
        File.AppendAllText(file, "!");
        var (exit, output, _) = await CliRunner.RunAsync("verify", file, "--signature", signature, "--key", publicKey);
        Assert.Equal(2, exit);
        Assert.Contains("file changed: 'a.bin' (the model file) has digest ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_MissingModel_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();
        var (exit, _, error) = await CliRunner.RunAsync("sign", "/no/such/model", "--key", "k.pem", "--output", Path.Combine(folder.Path, "m.sig"));
        Assert.Equal(1, exit);
        Assert.Contains("'/no/such/model' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BothOrNeitherKeyAndChain_ExitsOne()
    {
        using var folder = Model();
        var model = Path.Combine(folder.Path, "model");
        var (neither, _, error) = await CliRunner.RunAsync("verify", model, "--signature", "x.sig");
        Assert.Equal(1, neither);
        Assert.Contains("exactly one of --key", error, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync("verify", model, "--signature", "x.sig", "--key", "a", "--certificate-chain", "b")).Exit);
    }

    [Fact]
    public async Task Verify_MissingSignatureAndModel_ExitsOneNamingBoth()
    {
        var (exit, _, error) = await CliRunner.RunAsync("verify", "/no/model", "--signature", "/no/model.sig", "--key", "/no/k.pub.pem");
        Assert.Equal(1, exit);
        Assert.Contains("the model '/no/model' does not exist", error, StringComparison.Ordinal);
        Assert.Contains("the signature '/no/model.sig' does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MalformedBundle_ExitsTwoNamingField()
    {
        using var folder = Model();
        var (model, signature, publicKey) = await SignAsync(folder);
        File.WriteAllText(signature, "{\"mediaType\":\"x\",\"dsseEnvelope\":{\"payload\":\"!!\"}}");
        var (exit, output, _) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--key", publicKey);
        Assert.Equal(2, exit);
        Assert.Contains("malformed bundle: dsseEnvelope.payload: not base64", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Verify_ReferenceFixture_ExitsZero(string fixture, string file, string mode)
    {
        var model = file.Length == 0 ? Oms(fixture) : Oms(fixture, file);
        string[] args = ["verify", model, "--signature", Oms(fixture, "model.sig")];
        args = mode == "key"
            ? [.. args, "--key", Oms("keys", "certificate", "signing-key-pub.pem")]
            : [.. args, "--certificate-chain", Oms("keys", "certificate", "ca-cert.pem")];
        if (File.Exists(Oms(fixture, "ignore-me")))
        {
            args = [.. args, "--ignore", "ignore-me"];
        }

        var (exit, output, error) = await CliRunner.RunAsync(args);
        Assert.True(exit == 0, output + error);
        Assert.StartsWith("verified: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_CertificateFixtureWithSignersPublicKey_VerifiesAndWarnsOfMissingHint()
    {
        var (exit, output, error) = await CliRunner.RunAsync("verify", Oms("v1.1.0-certificate"), "--signature", Oms("v1.1.0-certificate", "model.sig"), "--key", Oms("keys", "certificate", "signing-key-pub.pem"), "--ignore", "ignore-me");
        Assert.True(exit == 0, output + error);
        Assert.Contains("warning: the bundle carries no publicKey.hint", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignVerify_CertificateModeWithFixtureKeys_RoundTrips()
    {
        using var folder = Model();
        var model = Path.Combine(folder.Path, "model");
        var signature = Path.Combine(folder.Path, "model.sig");
        var (sign, signOut, signError) = await CliRunner.RunAsync(
            "sign", model, "--key", Oms("keys", "certificate", "signing-key.pem"), "--output", signature,
            "--certificate", Oms("keys", "certificate", "signing-key-cert.pem"), "--certificate-chain", Oms("keys", "certificate", "int-ca-cert.pem"));
        Assert.True(sign == 0, signError);
        Assert.Contains("certificate mode, 2 certificate(s)", signOut, StringComparison.Ordinal);

        var (verify, verifyOut, verifyError) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--certificate-chain", Oms("keys", "certificate", "ca-cert.pem"));
        Assert.True(verify == 0, verifyOut + verifyError);

        var (bad, badOut, _) = await CliRunner.RunAsync("verify", model, "--signature", signature, "--certificate-chain", Oms("keys", "certificate", "int-ca-cert.pem"), "--format", "json");
        Assert.Equal(2, bad);
        using var json = JsonDocument.Parse(badOut);
        Assert.Equal("badChain", json.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Sign_CertificateOfAnotherKey_ExitsOne()
    {
        using var folder = Model();
        var prefix = Path.Combine(folder.Path, "k");
        await CliRunner.RunAsync("keygen", "--out", prefix);
        var (exit, _, error) = await CliRunner.RunAsync(
            "sign", Path.Combine(folder.Path, "model"), "--key", prefix + ".pem", "--output", Path.Combine(folder.Path, "m.sig"),
            "--certificate", Oms("keys", "certificate", "signing-key-cert.pem"));
        Assert.Equal(1, exit);
        Assert.Contains("does not certify the signing key", error, StringComparison.Ordinal);
    }

    private static TempFolder Model()
    {
        var folder = new TempFolder();
        folder.Write("model/config.json", "{\"layers\": 2}");
        folder.Write("model/weights/a.bin", "aaaaaaaa");
        folder.Write("model/weights/b.bin", "bbbbbbbbbbbb");
        return folder;
    }

    private static async Task<(string Model, string Signature, string PublicKey)> SignAsync(TempFolder folder, params string[] extra)
    {
        var prefix = Path.Combine(folder.Path, "signer");
        Assert.Equal(0, (await CliRunner.RunAsync("keygen", "--out", prefix)).Exit);
        var model = Path.Combine(folder.Path, "model");
        var signature = Path.Combine(model, "model.sig");
        var (exit, _, error) = await CliRunner.RunAsync(["sign", model, "--key", prefix + ".pem", "--output", signature, .. extra]);
        Assert.True(exit == 0, error);
        return (model, signature, prefix + ".pub.pem");
    }
}
