namespace Rampart.Signing.Verification;

/// <summary>What kind of failure a <see cref="VerificationProblem"/> is.</summary>
public enum VerificationProblemKind
{
    /// <summary>The signature file is not a well-formed bundle, envelope or statement.</summary>
    MalformedBundle,

    /// <summary>The bundle uses a form this verifier does not handle (a mode, curve, method or hash).</summary>
    Unsupported,

    /// <summary>Key mode: the signature does not verify with the given public key, or the key hint names another key.</summary>
    WrongKey,

    /// <summary>Certificate mode: the certificate chain does not lead to the given trust anchor, or the leaf may not sign.</summary>
    BadChain,

    /// <summary>Certificate or keyless mode: the signature does not verify with the certificate's key.</summary>
    BadSignature,

    /// <summary>The signed root digest does not match the signed resources, or the resources repeat a name.</summary>
    ManifestInconsistent,

    /// <summary>A signed file's content differs.</summary>
    FileChanged,

    /// <summary>A file is present that the signature does not cover.</summary>
    FileAdded,

    /// <summary>A signed file is missing.</summary>
    FileRemoved,

    /// <summary>The model or the verification material cannot be read.</summary>
    Unreadable,
}
