using System.Collections.Immutable;
using Rampart.Signing.Manifests;

namespace Rampart.Signing.Bundles;

/// <summary>An in-toto Statement v1 carrying an OMS predicate.</summary>
public sealed record InTotoStatement
{
    /// <summary>The v1.0 predicate type.</summary>
    public const string SignatureV1PredicateType = "https://model_signing/signature/v1.0";

    /// <summary>The v0.2-era predicate type, where each file is a subject.</summary>
    public const string DigestsV01PredicateType = "https://model_signing/Digests/v0.1";

    /// <summary>The subjects: one (the root digest) for v1.0, one per file for v0.1.</summary>
    public required ImmutableArray<StatementSubject> Subjects { get; init; }

    /// <summary>The predicate type, one of the two constants.</summary>
    public required string PredicateType { get; init; }

    /// <summary>The serialization record (v1.0 only), or null.</summary>
    public ManifestSerialization? Serialization { get; init; }

    /// <summary>The signed resources in their recorded order: from <c>predicate.resources</c> for v1.0, from the subjects for v0.1.</summary>
    public required ImmutableArray<ManifestResource> Resources { get; init; }
}
