using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rampart.Signing.Signing;

/// <summary>Reads PEM certificate files for certificate-mode signing.</summary>
public static class CertificateFiles
{
    /// <summary>Reads every certificate in a PEM file, in file order. The caller disposes them.</summary>
    /// <exception cref="KeyFileException">The file is missing, unreadable, holds no certificate or a malformed one; the message names the file.</exception>
    public static ImmutableArray<X509Certificate2> Load(string path)
    {
        var text = KeyPem.ReadFile(path);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(text);
        }
        catch (CryptographicException error)
        {
            throw new KeyFileException(path, "not a readable PEM certificate: " + error.Message, error);
        }

        if (collection.Count == 0)
        {
            throw new KeyFileException(path, "holds no certificate ('-----BEGIN CERTIFICATE-----')", null);
        }

        return [.. collection];
    }

    /// <summary>
    /// Reads every certificate in the PEM files, in file order, and returns them as one PEM text, each certificate
    /// followed by a newline: the trust anchors for certificate-mode verification.
    /// </summary>
    /// <exception cref="KeyFileException">As for <see cref="Load"/>, for the first file that fails; the message names it.</exception>
    public static string LoadPem(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var pem = new StringBuilder();
        foreach (var path in paths)
        {
            foreach (var certificate in Load(path))
            {
                using (certificate)
                {
                    pem.Append(certificate.ExportCertificatePem()).Append('\n');
                }
            }
        }

        return pem.ToString();
    }
}
