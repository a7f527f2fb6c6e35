namespace Rampart.Ledger.Verification;

/// <summary>What <c>Ledger.Verify</c> found wrong.</summary>
public enum LedgerProblemKind
{
    /// <summary>The ledger's metadata (origin, verifier key) is unreadable.</summary>
    Metadata,

    /// <summary>An entry below the recorded size has no row.</summary>
    MissingEntry,

    /// <summary>A row exists at or beyond the recorded size.</summary>
    ExtraEntry,

    /// <summary>An entry's stored leaf hash is not SHA-256(0x00 ‖ its bytes): the bytes or the hash were altered.</summary>
    LeafHashMismatch,

    /// <summary>An entry's bytes are not a valid event in canonical JSON.</summary>
    InvalidEvent,

    /// <summary>A stored interior node the tree needs is absent.</summary>
    MissingNode,

    /// <summary>A stored interior node differs from the hash recomputed from the entries below it.</summary>
    NodeMismatch,

    /// <summary>A stored interior node lies beyond the tree (for example after entries were deleted).</summary>
    ExtraNode,

    /// <summary>A stored checkpoint is not a well-formed signed checkpoint, or its origin is not the ledger's.</summary>
    CheckpointMalformed,

    /// <summary>A stored checkpoint's signature does not verify with the ledger's key.</summary>
    CheckpointSignature,

    /// <summary>A checkpoint's size or root disagrees with the values stored beside it.</summary>
    CheckpointRecordMismatch,

    /// <summary>A checkpoint claims more entries than the ledger holds: entries were removed.</summary>
    CheckpointBeyondLog,

    /// <summary>A checkpoint's root differs from the root recomputed from the entries.</summary>
    CheckpointRootMismatch,

    /// <summary>Two consecutive checkpoints are not consistent (sizes go backwards, or the consistency proof fails).</summary>
    CheckpointInconsistent,
}
