using System.Collections.Immutable;

namespace Rampart.Manifest;

/// <summary>A position in the manifest file, for findings and problems that point back at it.</summary>
/// <param name="Line">One-based line.</param>
/// <param name="Column">One-based column.</param>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>One AI system, as described by its <c>rampart.yaml</c>.</summary>
public sealed record SystemManifest
{
    /// <summary>The manifest file name used in messages (as the user gave it).</summary>
    public required string FilePath { get; init; }

    /// <summary>The folder relative paths in the manifest are resolved from.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The manifest schema version (<c>rampart:</c> key); currently 1.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>Who the system is and where it stands.</summary>
    public required SystemInfo System { get; init; }

    /// <summary>The people responsible, by role.</summary>
    public required ImmutableArray<Stakeholder> Stakeholders { get; init; }

    /// <summary>Models, datasets, services and dependency lock files.</summary>
    public required AssetInventory Assets { get; init; }

    /// <summary>Statements that requirements or techniques are (or are not) implemented.</summary>
    public required ImmutableArray<Attestation> Attestations { get; init; }

    /// <summary>Risk treatment and acceptance decisions, by threat.</summary>
    public required ImmutableArray<RiskDecision> Risks { get; init; }

    /// <summary>Thresholds and tolerances.</summary>
    public required Policy Policy { get; init; }

    /// <summary>The security ledger events are appended to (<c>ledger:</c>), or <c>null</c> when none is named.</summary>
    public LedgerSettings? Ledger { get; init; }
}

/// <summary>The <c>ledger:</c> section: where Rampart appends the system's security events.</summary>
public sealed record LedgerSettings
{
    /// <summary>The ledger database, relative to the manifest.</summary>
    public required string Path { get; init; }

    /// <summary>Who events are recorded as coming from, or <c>null</c> for the user running Rampart.</summary>
    public string? Actor { get; init; }

    /// <summary>Where the section starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>An OpenSSF Model Signing signature recorded for a model (<c>signature:</c> of a model).</summary>
public sealed record ModelSignatureRef
{
    /// <summary>The signature bundle, relative to the manifest.</summary>
    public required string Path { get; init; }

    /// <summary>The signer's public key (PEM), relative to the manifest; exactly one of this or <see cref="CertificateChain"/>.</summary>
    public string? PublicKey { get; init; }

    /// <summary>Trust anchors (PEM certificates), relative to the manifest, for certificate-mode signatures.</summary>
    public string? CertificateChain { get; init; }

    /// <summary>Paths inside the model left out of the signature, as given to <c>rampart sign --ignore</c>.</summary>
    public ImmutableArray<string> Ignore { get; init; } = [];

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>A signed dataset security label recorded for a dataset (<c>security_label:</c> of a dataset).</summary>
public sealed record DatasetLabelRef
{
    /// <summary>The label file, relative to the manifest.</summary>
    public required string Path { get; init; }

    /// <summary>The labeller's public key (PEM), relative to the manifest.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>The <c>system:</c> section.</summary>
public sealed record SystemInfo
{
    /// <summary>Short name of the system.</summary>
    public required string Name { get; init; }

    /// <summary>What the system does.</summary>
    public string? Description { get; init; }

    /// <summary>Accountable owner.</summary>
    public required string Owner { get; init; }

    /// <summary>Current Rampart stage id.</summary>
    public required string Stage { get; init; }

    /// <summary>Criticality: low, medium, high or critical.</summary>
    public required string Criticality { get; init; }

    /// <summary>Impact on the 1 to 5 scale of the risk matrix (given, or derived from criticality).</summary>
    public required int Impact { get; init; }

    /// <summary>Where the section starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>A named person or team responsible for a role.</summary>
public sealed record Stakeholder
{
    /// <summary>Role id from the catalogue.</summary>
    public required string Role { get; init; }

    /// <summary>Name of the person or team.</summary>
    public required string Name { get; init; }

    /// <summary>E-mail or other contact, or <c>null</c>.</summary>
    public string? Contact { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>The <c>assets:</c> section.</summary>
public sealed record AssetInventory
{
    /// <summary>No assets.</summary>
    public static readonly AssetInventory Empty = new();

    /// <summary>Model files and model endpoints.</summary>
    public ImmutableArray<ModelAsset> Models { get; init; } = [];

    /// <summary>Datasets.</summary>
    public ImmutableArray<DatasetAsset> Datasets { get; init; } = [];

    /// <summary>Services.</summary>
    public ImmutableArray<ServiceAsset> Services { get; init; } = [];

    /// <summary>Dependency lock files.</summary>
    public ImmutableArray<DependencyAsset> Dependencies { get; init; } = [];

    /// <summary>Every asset, in manifest order by kind.</summary>
    public IEnumerable<Asset> All => Models.Cast<Asset>().Concat(Datasets).Concat(Services).Concat(Dependencies);
}

/// <summary>Something the system is made of.</summary>
public abstract record Asset
{
    /// <summary>Identifier unique within the manifest.</summary>
    public required string Id { get; init; }

    /// <summary>File path relative to the manifest, or <c>null</c> for assets reached over the network.</summary>
    public string? Path { get; init; }

    /// <summary>The SHA-256 recorded for the file (lower-case hex), or <c>null</c>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }

    /// <summary>The asset kind.</summary>
    public abstract Catalogue.AssetKind Kind { get; }
}

/// <summary>A model file or a model endpoint.</summary>
public sealed record ModelAsset : Asset
{
    /// <summary>URL of a served model, or <c>null</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Declared format (onnx, pickle, pytorch, safetensors, ...), or <c>null</c> to detect it from content.</summary>
    public string? Format { get; init; }

    /// <summary>The model's signature, or <c>null</c> when none is recorded.</summary>
    public ModelSignatureRef? Signature { get; init; }

    /// <inheritdoc />
    public override Catalogue.AssetKind Kind => Catalogue.AssetKind.Model;
}

/// <summary>A dataset file.</summary>
public sealed record DatasetAsset : Asset
{
    /// <summary>train, test or reference.</summary>
    public required string Role { get; init; }

    /// <summary>The label column, or <c>null</c>.</summary>
    public string? Label { get; init; }

    /// <summary>Columns holding sensitive attributes.</summary>
    public ImmutableArray<string> Sensitive { get; init; } = [];

    /// <summary>
    /// Columns an adversary cannot change (for example a birth date checked against an identity document):
    /// robustness attacks and corruptions leave them as they are.
    /// </summary>
    public ImmutableArray<string> Immutable { get; init; } = [];

    /// <summary>
    /// The label value that is the favourable outcome for the people the data describes (a loan repaid, a candidate
    /// hired), or <c>null</c> to let evaluations take the label's most frequent value.
    /// </summary>
    public string? Favourable { get; init; }

    /// <summary>The dataset's signed security label, or <c>null</c> when none is recorded.</summary>
    public DatasetLabelRef? SecurityLabel { get; init; }

    /// <inheritdoc />
    public override Catalogue.AssetKind Kind => Catalogue.AssetKind.Dataset;
}

/// <summary>A running service.</summary>
public sealed record ServiceAsset : Asset
{
    /// <summary>kserve-v2, mlflow or http.</summary>
    public required string Protocol { get; init; }

    /// <summary>Base URL.</summary>
    public required string Url { get; init; }

    /// <inheritdoc />
    public override Catalogue.AssetKind Kind => Catalogue.AssetKind.Service;
}

/// <summary>A dependency lock file.</summary>
public sealed record DependencyAsset : Asset
{
    /// <summary>Package ecosystem (pypi, npm, nuget, ...), or <c>null</c> to detect from the file name.</summary>
    public string? Ecosystem { get; init; }

    /// <inheritdoc />
    public override Catalogue.AssetKind Kind => Catalogue.AssetKind.Dependency;
}

/// <summary>Implementation status of an attested requirement or technique.</summary>
public enum AttestationStatus
{
    /// <summary>Fully in place.</summary>
    Implemented,

    /// <summary>Partly in place.</summary>
    Partial,

    /// <summary>Not in place.</summary>
    NotImplemented,

    /// <summary>Does not apply to this system (a justification is expected).</summary>
    NotApplicable,
}

/// <summary>A statement by an owner that a requirement or technique is implemented, with evidence.</summary>
public sealed record Attestation
{
    /// <summary>The requirement or technique id attested.</summary>
    public required string Subject { get; init; }

    /// <summary>Status.</summary>
    public required AttestationStatus Status { get; init; }

    /// <summary>Who attests.</summary>
    public required string Owner { get; init; }

    /// <summary>When the attestation was made.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Evidence files.</summary>
    public ImmutableArray<EvidenceFile> Evidence { get; init; } = [];

    /// <summary>Free-text justification or notes.</summary>
    public string? Notes { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>An evidence file and the SHA-256 recorded for it when attested.</summary>
public sealed record EvidenceFile
{
    /// <summary>Path relative to the manifest.</summary>
    public required string Path { get; init; }

    /// <summary>The recorded SHA-256 (lower-case hex), or <c>null</c> when none was recorded.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>How a risk is treated (ISO/IEC 27005 options).</summary>
public enum RiskTreatment
{
    /// <summary>Reduce the risk with controls.</summary>
    Modify,

    /// <summary>Keep the risk as it is (needs an acceptance).</summary>
    Retain,

    /// <summary>Remove the activity that causes the risk.</summary>
    Avoid,

    /// <summary>Transfer or share the risk (insurance, a contract).</summary>
    Share,
}

/// <summary>A decision about the risk of one threat.</summary>
public sealed record RiskDecision
{
    /// <summary>The threat id.</summary>
    public required string Threat { get; init; }

    /// <summary>The chosen treatment.</summary>
    public required RiskTreatment Treatment { get; init; }

    /// <summary>Why.</summary>
    public string? Rationale { get; init; }

    /// <summary>An impact (1 to 5) that overrides the system's for this threat, or <c>null</c>.</summary>
    public int? Impact { get; init; }

    /// <summary>A formal acceptance of the residual risk, or <c>null</c>.</summary>
    public RiskAcceptance? Acceptance { get; init; }

    /// <summary>Where the entry starts.</summary>
    public SourcePosition Position { get; init; }
}

/// <summary>A residual risk accepted by an owner until a date.</summary>
public sealed record RiskAcceptance
{
    /// <summary>Who accepts.</summary>
    public required string Owner { get; init; }

    /// <summary>When.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The last day the acceptance holds.</summary>
    public required DateOnly Expires { get; init; }
}
