using System.Collections.Immutable;

namespace Rampart.Signing.Bundles;

/// <summary>The <c>predicate.serialization</c> record of the OMS v1.0 predicate.</summary>
public sealed record ManifestSerialization
{
    /// <summary>The method: <c>files</c> or <c>shards</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The hash: <c>sha256</c>, <c>blake2b</c> or <c>blake3</c>.</summary>
    public required string HashType { get; init; }

    /// <summary>Whether symbolic links were followed when signing. Default: false.</summary>
    public bool AllowSymlinks { get; init; }

    /// <summary>The model-relative paths left out when signing; empty when omitted.</summary>
    public ImmutableArray<string> IgnorePaths { get; init; } = [];

    /// <summary>The shard size in bytes for the shards method, or null.</summary>
    public long? ShardSize { get; init; }
}
