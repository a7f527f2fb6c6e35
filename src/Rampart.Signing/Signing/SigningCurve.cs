namespace Rampart.Signing.Signing;

/// <summary>The ECDSA curves Rampart signs with; each fixes the hash, as OMS does.</summary>
public enum SigningCurve
{
    /// <summary>NIST P-256 (secp256r1), signing with SHA-256. The default.</summary>
    P256,

    /// <summary>NIST P-384 (secp384r1), signing with SHA-384.</summary>
    P384,

    /// <summary>NIST P-521 (secp521r1), signing with SHA-512.</summary>
    P521,
}
