using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Signing;

namespace Rampart.Signing.Tests.Signing;

/// <summary>A root CA, an intermediate CA and a leaf for a signing key, built with CertificateRequest.</summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestCertificates(SigningKey key, bool leafMaySign = true, string rootName = "CN=Test Root CA")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest(rootName, rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = rootRequest.CreateSelfSigned(Start, Start.AddYears(20));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate CA", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using (var issued = intermediateRequest.Create(Root, Start, Start.AddYears(15), [1, 2, 3]))
        {
            Intermediate = issued.CopyWithPrivateKey(intermediateKey);
        }

        using var leafKey = ECDsa.Create();
        leafKey.ImportFromPem(key.ExportPrivateKeyPem());
        var leafRequest = new CertificateRequest("CN=Model Signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(leafMaySign ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.KeyAgreement, true));
        if (leafMaySign)
        {
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        }

        Leaf = leafRequest.Create(Intermediate, Start.AddDays(1), Start.AddYears(2), [4, 5, 6]);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 Leaf { get; }

    public string RootPem => Root.ExportCertificatePem() + "\n";

    public void Dispose()
    {
        Leaf.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
