using System.Security.Cryptography;
using System.Text;
using Rampart.Signing.Signing;
using Rampart.Signing.Tests.Manifests;
using Rampart.Tests;

namespace Rampart.Signing.Tests.Signing;

public sealed class KeyPemFuzzTests
{
    [Fact]
    public void FromPem_SeededMutations_OnlyEverThrowKeyFileException()
    {
        using var p256 = SigningKey.Generate();
        using var p384 = SigningKey.Generate(SigningCurve.P384);
        var texts = new[]
        {
            p256.ExportPrivateKeyPem(), p384.PublicKey.Pem,
            File.ReadAllText(ModelHasherTests.Oms("keys", "certificate", "signing-key.pem")),
            File.ReadAllText(ModelHasherTests.Oms("keys", "certificate", "signing-key-pub.pem")),
        };
        var ders = texts.Select(t => PemEncoding.Find(t)).Zip(texts, (f, t) => (Label: t[f.Label], Der: Convert.FromBase64String(t[f.Base64Data]))).ToArray();
        var tokens = new[] { "-----BEGIN PRIVATE KEY-----\n", "-----END PRIVATE KEY-----\n", "-----BEGIN PUBLIC KEY-----\n", "Proc-Type: 4,ENCRYPTED\n", "=", "\n" };
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-\n ";
        var random = new Random(5);
        var read = 0;
        for (var i = 0; i < 1500; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                text = Encoding.ASCII.GetString(SeededMutator.Mutate(Encoding.ASCII.GetBytes(texts[i % texts.Length]), random, tokens, Alphabet, 20, 100));
            }
            else
            {
                var (label, der) = ders[i % ders.Length];
                var mutated = SeededMutator.Mutate(der, random, ["\u0030\u0082", "\u0006\u0007", "\u0004\u0020", "\u0002\u0001\u0000"], "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0030\u00a0\u00a1\u0080\u0081\u00ff", 8, 40);
                text = PemEncoding.WriteString(label, mutated);
            }

            try
            {
                if (text.Contains("PUBLIC", StringComparison.Ordinal))
                {
                    _ = SigningPublicKey.FromPem(text, "fuzz.pem");
                }
                else
                {
                    SigningKey.FromPem(text, "fuzz.pem").Dispose();
                }

                read++;
            }
            catch (KeyFileException error)
            {
                Assert.StartsWith("'fuzz.pem': ", error.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(read > 0);
    }
}
