namespace Rampart.Ledger.Merkle;

/// <summary>Why a Merkle proof did not verify.</summary>
public enum ProofFailure
{
    /// <summary>The proof verified.</summary>
    None,

    /// <summary>The leaf index is not less than the tree size.</summary>
    IndexOutOfRange,

    /// <summary>The older tree size is larger than the newer one.</summary>
    SizesOutOfOrder,

    /// <summary>A consistency proof from the empty tree was asked for; it proves nothing and is rejected.</summary>
    EmptyTreeConsistency,

    /// <summary>The proof has more or fewer hashes than the tree sizes require.</summary>
    WrongProofLength,

    /// <summary>A hash (leaf, root or proof element) is not 32 bytes long.</summary>
    WrongHashLength,

    /// <summary>The proof's hashes do not fit together (RFC 9162: the walk did not end at the root level).</summary>
    MalformedProof,

    /// <summary>The root recomputed from the proof differs from the expected (newer) root.</summary>
    RootMismatch,

    /// <summary>The older root recomputed from a consistency proof differs from the expected older root.</summary>
    FirstRootMismatch,
}
