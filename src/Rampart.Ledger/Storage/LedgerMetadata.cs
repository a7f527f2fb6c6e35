namespace Rampart.Ledger.Storage;

/// <summary>What a ledger records about itself at initialisation.</summary>
/// <param name="Origin">The log's origin line (c2sp.org/tlog-checkpoint), also the checkpoint key's name.</param>
/// <param name="VerifierKey">The checkpoint verifier key, <c>name+keyid+base64</c> (c2sp.org/signed-note).</param>
public sealed record LedgerMetadata(string Origin, string VerifierKey);
