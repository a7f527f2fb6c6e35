using System.Collections.Immutable;
using Rampart.Checks;

namespace Rampart.Signing.Checks;

/// <summary>The rules of the <c>MODEL-SIGNATURE</c> check. Each has a page at <c>docs/rules/{Id}.md</c>.</summary>
public static class SigningRules
{
    /// <summary>A model's signature does not verify: tampered, added or removed files, another signer, a bad chain or a malformed bundle.</summary>
    public static readonly RuleDescriptor SignatureInvalid = new()
    {
        Id = "RMP-SG-001",
        Name = "SignatureInvalid",
        Summary = "A model's OpenSSF Model Signing signature does not verify: a file changed, was added or removed, or the signature is not from the trusted signer.",
        Help = "Find out why the model differs from what was signed; restore the signed files, or review the change and sign the model again (rampart sign).",
        DefaultSeverity = Severity.High,
    };

    /// <summary>The signature, the public key or the trust anchors named in the manifest cannot be read.</summary>
    public static readonly RuleDescriptor SignatureUnreadable = new()
    {
        Id = "RMP-SG-002",
        Name = "SignatureUnreadable",
        Summary = "The signature, public key or certificate chain named for a model cannot be read, so the model's signature cannot be checked.",
        Help = "Restore the file or correct the path under the model's 'signature:' entry; public keys must be ECDSA SubjectPublicKeyInfo PEM files.",
        DefaultSeverity = Severity.High,
    };

    /// <summary>A model file at the deployment stage or later has no signature recorded.</summary>
    public static readonly RuleDescriptor ModelUnsigned = new()
    {
        Id = "RMP-SG-003",
        Name = "ModelUnsigned",
        Summary = "A model is deployed (or about to be) without a recorded signature, so tampering with its files between development and deployment would go unnoticed.",
        Help = "Sign the model with 'rampart sign' and record the bundle and the public key under the model's 'signature:' entry.",
        DefaultSeverity = Severity.Medium,
    };

    /// <summary>Every rule, in id order.</summary>
    public static ImmutableArray<RuleDescriptor> All { get; } = [SignatureInvalid, SignatureUnreadable, ModelUnsigned];
}
