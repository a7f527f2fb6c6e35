namespace Rampart.Ledger.Checkpoints;

/// <summary>Why a signed note did not verify.</summary>
public enum NoteFailure
{
    /// <summary>At least one known key's signature verified, and no known key's signature failed.</summary>
    None,

    /// <summary>No signature is by a known key (name and key ID both matching).</summary>
    NoKnownSignature,

    /// <summary>A signature whose name and key ID match a known key does not verify.</summary>
    BadSignature,
}
