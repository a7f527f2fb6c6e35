using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Diagnostics;
using Rampart.Risk;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Rampart.Manifest;

/// <summary>
/// Reads and validates <c>rampart.yaml</c>. Every problem is reported at once with file, line and column; unknown
/// keys get a "did you mean". The reader is safe on hostile input: size, nesting depth and node count are
/// limited and YAML aliases are refused (they allow exponential expansion).
/// </summary>
public static partial class ManifestReader
{
    /// <summary>The manifest file name Rampart looks for in a folder.</summary>
    public const string FileName = "rampart.yaml";

    /// <summary>The largest manifest accepted, in bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most YAML nodes accepted.</summary>
    public const int MaxNodes = 100_000;

    internal static readonly string[] RootKeys = ["rampart", "system", "stakeholders", "assets", "attestations", "risks", "policy", "ledger"];
    internal static readonly string[] SystemKeys = ["name", "description", "owner", "stage", "criticality", "impact"];
    internal static readonly string[] StakeholderKeys = ["role", "name", "contact"];
    internal static readonly string[] AssetKeys = ["models", "datasets", "services", "dependencies"];
    internal static readonly string[] ModelKeys = ["id", "path", "endpoint", "format", "sha256", "signature"];
    internal static readonly string[] SignatureKeys = ["path", "public_key", "certificate_chain", "ignore"];
    internal static readonly string[] SecurityLabelKeys = ["path", "public_key"];
    internal static readonly string[] LedgerKeys = ["path", "actor"];
    internal static readonly string[] DatasetKeys = ["id", "path", "role", "label", "favourable", "sensitive", "immutable", "sha256", "security_label"];
    internal static readonly string[] ServiceKeys = ["id", "protocol", "url"];
    internal static readonly string[] DependencyKeys = ["id", "path", "ecosystem", "sha256"];
    internal static readonly string[] AttestationKeys = ["requirement", "technique", "status", "owner", "date", "evidence", "notes"];
    internal static readonly string[] EvidenceKeys = ["path", "sha256"];
    internal static readonly string[] RiskKeys = ["threat", "treatment", "rationale", "impact", "acceptance"];
    internal static readonly string[] AcceptanceKeys = ["owner", "date", "expires"];
    internal static readonly string[] PolicyKeys = ["fail_on", "evidence_max_age_days", "risk_tolerance", "risk_matrix", "thresholds"];
    internal static readonly string[] MatrixKeys = ["levels", "grid"];
    internal static readonly string[] Criticalities = ["low", "medium", "high", "critical"];
    internal static readonly string[] DatasetRoles = ["train", "test", "reference"];
    internal static readonly string[] Protocols = ["kserve-v2", "mlflow", "http"];
    internal static readonly string[] Statuses = ["implemented", "partial", "not-implemented", "not-applicable"];
    internal static readonly string[] Treatments = ["modify", "retain", "avoid", "share"];
    internal static readonly string[] Severities = ["info", "low", "medium", "high", "critical"];

    /// <summary>Reads the manifest of a folder, or a manifest file given directly.</summary>
    /// <param name="path">A folder holding <c>rampart.yaml</c>, or the manifest file itself.</param>
    /// <param name="catalogue">The catalogue ids are checked against.</param>
    /// <returns>The manifest, or every problem found.</returns>
    public static ValidationResult<SystemManifest> ReadPath(string path, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(catalogue);
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            var message = Directory.Exists(path)
                ? $"No {FileName} in this folder. Run 'rampart init {path}' to create one."
                : "No such file or folder.";
            return ValidationResult<SystemManifest>.Failure([new Problem { File = Directory.Exists(path) ? file : path, Message = message }]);
        }

        var length = new FileInfo(file).Length;
        if (length > MaxBytes)
        {
            return ValidationResult<SystemManifest>.Failure(
                [new Problem { File = file, Message = $"The manifest is {length} bytes; the limit is {MaxBytes}." }]);
        }

        string text;
        try
        {
            text = File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            return ValidationResult<SystemManifest>.Failure([new Problem { File = file, Message = $"Cannot read the manifest: {ex.Message}" }]);
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        return Read(text, file, baseDirectory, catalogue);
    }

    /// <summary>Reads a manifest from text.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="file">The file name to use in problems.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved from.</param>
    /// <param name="catalogue">The catalogue ids are checked against.</param>
    /// <returns>The manifest, or every problem found.</returns>
    public static ValidationResult<SystemManifest> Read(string text, string file, string baseDirectory, SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(catalogue);
        if (text.Length > MaxBytes)
        {
            return ValidationResult<SystemManifest>.Failure([new Problem { File = file, Message = $"The manifest is larger than {MaxBytes} bytes." }]);
        }

        var y = new YamlReader(file);
        var root = Parse(text, y);
        if (root is null)
        {
            return ValidationResult<SystemManifest>.Failure(y.Problems);
        }

        var manifest = new Builder(y, catalogue, file, baseDirectory).Build(root);
        return y.Problems.Count > 0 || manifest is null
            ? ValidationResult<SystemManifest>.Failure(y.Problems.Count > 0 ? y.Problems : [new Problem { File = file, Message = "The manifest is invalid." }])
            : ValidationResult<SystemManifest>.Success(manifest);
    }

    private static YamlNode? Parse(string text, YamlReader y)
    {
        try
        {
            // A first pass over the event stream enforces the limits before any tree is built.
            var parser = new Parser(new StringReader(text));
            int depth = 0, nodes = 0, documents = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        y.Error(alias.Start, string.Empty, "YAML aliases (*name) are not allowed in a manifest.");
                        return null;
                    case DocumentStart { IsImplicit: false } or DocumentStart:
                        documents++;
                        break;
                    case MappingStart or SequenceStart:
                        nodes++;
                        if (++depth > MaxDepth)
                        {
                            y.Error(parser.Current.Start, string.Empty, $"Nesting deeper than {MaxDepth} levels.");
                            return null;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case Scalar:
                        nodes++;
                        break;
                    default:
                        break;
                }

                if (nodes > MaxNodes)
                {
                    y.Error(parser.Current!.Start, string.Empty, $"More than {MaxNodes} YAML nodes.");
                    return null;
                }
            }

            if (documents > 1)
            {
                y.Error(new Mark(), string.Empty, "The manifest must hold exactly one YAML document.");
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || YamlReader.IsNull(stream.Documents[0].RootNode))
            {
                y.Error(new Mark(), string.Empty, "The manifest is empty. Run 'rampart init' to create one.");
                return null;
            }

            return stream.Documents[0].RootNode;
        }
        catch (YamlException ex)
        {
            y.Error(ex.Start, string.Empty, $"Not valid YAML: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these (not YamlException) on some malformed inputs found by fuzzing.
            y.Error(new Mark(), string.Empty, $"Not valid YAML: the parser stopped ({ex.Message}).");
            return null;
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    internal static partial Regex IdPattern();

    private sealed class Builder(YamlReader y, SecurityCatalogue catalogue, string file, string baseDirectory)
    {
        private readonly HashSet<string> _assetIds = new(StringComparer.Ordinal);

        public SystemManifest? Build(YamlNode rootNode)
        {
            var root = y.Map(rootNode, string.Empty, RootKeys);
            if (root is null)
            {
                return null;
            }

            var version = y.Int(root, "rampart", string.Empty, 1, 1);
            if (!root.ContainsKey("rampart"))
            {
                y.Error(rootNode, "rampart", "Missing required key 'rampart' (the manifest schema version; use 'rampart: 1').");
            }

            var system = ReadSystem(root);
            var stakeholders = ReadStakeholders(root);
            var assets = ReadAssets(root);
            var attestations = ReadAttestations(root);
            var risks = ReadRisks(root);
            var policy = ReadPolicy(root);
            var ledger = ReadLedger(root);
            if (system is null || version is null)
            {
                return null;
            }

            return new SystemManifest
            {
                FilePath = file,
                BaseDirectory = baseDirectory,
                SchemaVersion = version.Value,
                System = system,
                Stakeholders = stakeholders,
                Assets = assets,
                Attestations = attestations,
                Risks = risks,
                Policy = policy,
                Ledger = ledger,
            };
        }

        private LedgerSettings? ReadLedger(Dictionary<string, YamlNode> root)
        {
            if (!root.TryGetValue("ledger", out var node) || YamlReader.IsNull(node))
            {
                return null;
            }

            var map = y.Map(node, "ledger", LedgerKeys);
            if (map is null)
            {
                return null;
            }

            var path = PathOf(map, "ledger", required: true);
            return path is null ? null : new LedgerSettings { Path = path, Actor = y.String(map, "actor", "ledger"), Position = YamlReader.PositionOf(node) };
        }

        private ModelSignatureRef? ReadSignature(Dictionary<string, YamlNode> model, string at, bool hasPath)
        {
            if (!model.TryGetValue("signature", out var node) || YamlReader.IsNull(node))
            {
                return null;
            }

            var field = $"{at}.signature";
            if (!hasPath)
            {
                y.Error(node, field, "Only a model file or folder ('path') can carry a signature.");
            }

            var map = y.Map(node, field, SignatureKeys);
            if (map is null)
            {
                return null;
            }

            var path = PathOf(map, field, required: true);
            var key = PathOf(map, field, required: false, key: "public_key");
            var chain = PathOf(map, field, required: false, key: "certificate_chain");
            if (map.ContainsKey("public_key") == map.ContainsKey("certificate_chain"))
            {
                y.Error(node, field, "A signature names exactly one of 'public_key' (a PEM public key) or 'certificate_chain' (PEM trust anchors).");
            }

            var ignore = y.Strings(map, "ignore", field);
            return path is null ? null : new ModelSignatureRef
            {
                Path = path,
                PublicKey = key,
                CertificateChain = chain,
                Ignore = [.. ignore],
                Position = YamlReader.PositionOf(node),
            };
        }

        private string? Favourable(Dictionary<string, YamlNode> dataset, string at)
        {
            var favourable = y.String(dataset, "favourable", at);
            if (favourable is not null && !dataset.ContainsKey("label"))
            {
                y.Error(dataset["favourable"], $"{at}.favourable", "'favourable' names a value of the label column; give the column with 'label'.");
            }

            return favourable;
        }

        private DatasetLabelRef? ReadSecurityLabel(Dictionary<string, YamlNode> dataset, string at)
        {
            if (!dataset.TryGetValue("security_label", out var node) || YamlReader.IsNull(node))
            {
                return null;
            }

            var field = $"{at}.security_label";
            var map = y.Map(node, field, SecurityLabelKeys);
            if (map is null)
            {
                return null;
            }

            var path = PathOf(map, field, required: true);
            var key = PathOf(map, field, required: true, key: "public_key");
            return path is null || key is null ? null : new DatasetLabelRef { Path = path, PublicKey = key, Position = YamlReader.PositionOf(node) };
        }

        private SystemInfo? ReadSystem(Dictionary<string, YamlNode> root)
        {
            if (!root.TryGetValue("system", out var node))
            {
                y.Error((YamlNode?)null, "system", "Missing required section 'system' (name, owner, stage, criticality).");
                return null;
            }

            var map = y.Map(node, "system", SystemKeys);
            var name = y.String(map, "name", "system", required: true);
            var owner = y.String(map, "owner", "system", required: true);
            var stage = y.OneOf(map, "stage", "system", [.. catalogue.Stages.Select(s => s.Id)], required: true);
            var criticality = y.OneOf(map, "criticality", "system", Criticalities, required: true);
            var impact = y.Int(map, "impact", "system", 1, RiskMatrix.Size);
            if (name is null || owner is null || stage is null || criticality is null)
            {
                return null;
            }

            return new SystemInfo
            {
                Name = name,
                Description = y.String(map, "description", "system"),
                Owner = owner,
                Stage = stage,
                Criticality = criticality,
                Impact = impact ?? (Array.IndexOf(Criticalities, criticality) + 2),
                Position = YamlReader.PositionOf(node),
            };
        }

        private ImmutableArray<Stakeholder> ReadStakeholders(Dictionary<string, YamlNode> root)
        {
            var result = ImmutableArray.CreateBuilder<Stakeholder>();
            root.TryGetValue("stakeholders", out var node);
            foreach (var (item, i) in y.Sequence(node, "stakeholders").Select((n, i) => (n, i)))
            {
                var at = $"stakeholders[{i}]";
                var map = y.Map(item, at, StakeholderKeys);
                var role = y.OneOf(map, "role", at, [.. catalogue.Roles.Select(r => r.Id)], required: true);
                var name = y.String(map, "name", at, required: true);
                if (role is not null && name is not null)
                {
                    result.Add(new Stakeholder { Role = role, Name = name, Contact = y.String(map, "contact", at), Position = YamlReader.PositionOf(item) });
                }
            }

            return result.ToImmutable();
        }

        private AssetInventory ReadAssets(Dictionary<string, YamlNode> root)
        {
            if (!root.TryGetValue("assets", out var node) || YamlReader.IsNull(node))
            {
                return AssetInventory.Empty;
            }

            var map = y.Map(node, "assets", AssetKeys);
            if (map is null)
            {
                return AssetInventory.Empty;
            }

            return new AssetInventory
            {
                Models = Items(map, "models", ModelKeys, (m, at, n) =>
                {
                    var path = PathOf(m, at, required: false);
                    var endpoint = y.String(m, "endpoint", at);
                    var pathGiven = m.TryGetValue("path", out var pathNode) && !YamlReader.IsNull(pathNode);
                    if (pathGiven == (endpoint is not null))
                    {
                        y.Error(n, at, "A model needs exactly one of 'path' (a file) or 'endpoint' (a URL).");
                    }

                    if (endpoint is not null)
                    {
                        CheckUrl(m, "endpoint", at);
                    }

                    return new ModelAsset
                    {
                        Id = Id(m, at),
                        Path = path,
                        Endpoint = endpoint,
                        Format = y.String(m, "format", at),
                        Sha256 = Sha(m, at),
                        Signature = ReadSignature(m, at, pathGiven),
                        Position = YamlReader.PositionOf(n),
                    };
                }),
                Datasets = Items(map, "datasets", DatasetKeys, (m, at, n) => new DatasetAsset
                {
                    Id = Id(m, at),
                    Path = PathOf(m, at, required: true),
                    Role = y.OneOf(m, "role", at, DatasetRoles, required: true) ?? "train",
                    Label = y.String(m, "label", at),
                    Favourable = Favourable(m, at),
                    Sensitive = [.. y.Strings(m, "sensitive", at)],
                    Immutable = [.. y.Strings(m, "immutable", at)],
                    Sha256 = Sha(m, at),
                    SecurityLabel = ReadSecurityLabel(m, at),
                    Position = YamlReader.PositionOf(n),
                }),
                Services = Items(map, "services", ServiceKeys, (m, at, n) => new ServiceAsset
                {
                    Id = Id(m, at),
                    Protocol = y.OneOf(m, "protocol", at, Protocols, required: true) ?? "http",
                    Url = CheckUrl(m, "url", at, required: true) ?? string.Empty,
                    Position = YamlReader.PositionOf(n),
                }),
                Dependencies = Items(map, "dependencies", DependencyKeys, (m, at, n) => new DependencyAsset
                {
                    Id = Id(m, at),
                    Path = PathOf(m, at, required: true),
                    Ecosystem = y.String(m, "ecosystem", at),
                    Sha256 = Sha(m, at),
                    Position = YamlReader.PositionOf(n),
                }),
            };
        }

        private ImmutableArray<T> Items<T>(Dictionary<string, YamlNode> map, string key, string[] keys, Func<Dictionary<string, YamlNode>, string, YamlNode, T> read)
        {
            var result = ImmutableArray.CreateBuilder<T>();
            map.TryGetValue(key, out var node);
            foreach (var (item, i) in y.Sequence(node, $"assets.{key}").Select((n, i) => (n, i)))
            {
                var at = $"assets.{key}[{i}]";
                var m = y.Map(item, at, keys);
                if (m is not null)
                {
                    result.Add(read(m, at, item));
                }
            }

            return result.ToImmutable();
        }

        private string Id(Dictionary<string, YamlNode> map, string at)
        {
            var id = y.String(map, "id", at, required: true);
            if (id is null)
            {
                return string.Empty;
            }

            if (!IdPattern().IsMatch(id))
            {
                y.Error(map["id"], $"{at}.id", $"'{id}' is not a valid id (letters, digits, '.', '_' and '-', at most 64).");
            }
            else if (!_assetIds.Add(id))
            {
                y.Error(map["id"], $"{at}.id", $"Duplicate asset id '{id}'.");
            }

            return id;
        }

        private string? PathOf(Dictionary<string, YamlNode> map, string at, bool required, string key = "path")
        {
            var path = y.String(map, key, at, required);
            if (path is not null && IO.SystemFiles.CheckSyntax(path) is { } reason)
            {
                y.Error(map[key], $"{at}.{key}", $"'{path}' {reason}: paths in a manifest name files inside the system's folder.");
                return null;
            }

            return path;
        }

        private string? Sha(Dictionary<string, YamlNode> map, string at)
        {
            var sha = y.String(map, "sha256", at);
            if (sha is not null && !Sha256Pattern().IsMatch(sha))
            {
                y.Error(map["sha256"], $"{at}.sha256", "Expected 64 lower-case hexadecimal characters.");
                return null;
            }

            return sha;
        }

        private string? CheckUrl(Dictionary<string, YamlNode> map, string key, string at, bool required = false)
        {
            var url = y.String(map, key, at, required);
            if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                y.Error(map[key], $"{at}.{key}", $"'{url}' is not an absolute http or https URL.");
            }

            return url;
        }

        private ImmutableArray<Attestation> ReadAttestations(Dictionary<string, YamlNode> root)
        {
            var result = ImmutableArray.CreateBuilder<Attestation>();
            root.TryGetValue("attestations", out var node);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, i) in y.Sequence(node, "attestations").Select((n, i) => (n, i)))
            {
                var at = $"attestations[{i}]";
                var map = y.Map(item, at, AttestationKeys);
                if (map is null)
                {
                    continue;
                }

                var requirement = y.String(map, "requirement", at);
                var technique = y.String(map, "technique", at);
                string? subject = null;
                if ((requirement is null) == (technique is null))
                {
                    y.Error(item, at, "An attestation names exactly one of 'requirement' or 'technique'.");
                }
                else if (requirement is not null)
                {
                    subject = KnownId(map, "requirement", at, requirement, catalogue.Requirements.Select(r => r.Id));
                }
                else
                {
                    subject = KnownId(map, "technique", at, technique!, catalogue.Techniques.Select(t => t.Id));
                }

                if (subject is not null && !seen.Add(subject))
                {
                    y.Error(item, at, $"'{subject}' is attested twice.");
                }

                var status = y.OneOf(map, "status", at, Statuses, required: true);
                var owner = y.String(map, "owner", at, required: true);
                var date = y.Date(map, "date", at, required: true);
                var evidence = ReadEvidence(map, at);
                if (subject is null || status is null || owner is null || date is null)
                {
                    continue;
                }

                result.Add(new Attestation
                {
                    Subject = subject,
                    Status = Enum.Parse<AttestationStatus>(status.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
                    Owner = owner,
                    Date = date.Value,
                    Evidence = evidence,
                    Notes = y.String(map, "notes", at),
                    Position = YamlReader.PositionOf(item),
                });
            }

            return result.ToImmutable();
        }

        private ImmutableArray<EvidenceFile> ReadEvidence(Dictionary<string, YamlNode> map, string at)
        {
            var result = ImmutableArray.CreateBuilder<EvidenceFile>();
            if (!map.TryGetValue("evidence", out var node))
            {
                return result.ToImmutable();
            }

            var items = node is YamlSequenceNode ? y.Sequence(node, $"{at}.evidence") : [node];
            foreach (var (item, i) in items.Select((n, i) => (n, i)))
            {
                var eat = node is YamlSequenceNode ? $"{at}.evidence[{i}]" : $"{at}.evidence";
                if (item is YamlScalarNode scalar && !YamlReader.IsNull(scalar))
                {
                    var text = scalar.Value!.Trim();
                    if (IO.SystemFiles.CheckSyntax(text) is { } reason)
                    {
                        y.Error(item, eat, $"'{text}' {reason}: paths in a manifest name files inside the system's folder.");
                    }
                    else
                    {
                        result.Add(new EvidenceFile { Path = text, Position = YamlReader.PositionOf(item) });
                    }

                    continue;
                }

                var m = y.Map(item, eat, EvidenceKeys);
                var path = m is null ? null : PathOf(m, eat, required: true);
                if (path is not null && m is not null)
                {
                    result.Add(new EvidenceFile { Path = path, Sha256 = Sha(m, eat), Position = YamlReader.PositionOf(item) });
                }
            }

            return result.ToImmutable();
        }

        private ImmutableArray<RiskDecision> ReadRisks(Dictionary<string, YamlNode> root)
        {
            var result = ImmutableArray.CreateBuilder<RiskDecision>();
            root.TryGetValue("risks", out var node);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, i) in y.Sequence(node, "risks").Select((n, i) => (n, i)))
            {
                var at = $"risks[{i}]";
                var map = y.Map(item, at, RiskKeys);
                if (map is null)
                {
                    continue;
                }

                var threatText = y.String(map, "threat", at, required: true);
                var threat = threatText is null ? null : KnownId(map, "threat", at, threatText, catalogue.Threats.Select(t => t.Id));
                if (threat is not null && !seen.Add(threat))
                {
                    y.Error(item, at, $"Threat '{threat}' has two risk decisions.");
                }

                var treatment = y.OneOf(map, "treatment", at, Treatments, required: true);
                var impact = y.Int(map, "impact", at, 1, RiskMatrix.Size);
                RiskAcceptance? acceptance = null;
                if (map.TryGetValue("acceptance", out var acceptanceNode))
                {
                    var aat = $"{at}.acceptance";
                    var a = y.Map(acceptanceNode, aat, AcceptanceKeys);
                    var owner = y.String(a, "owner", aat, required: true);
                    var date = y.Date(a, "date", aat, required: true);
                    var expires = y.Date(a, "expires", aat, required: true);
                    if (date is not null && expires is not null && expires < date)
                    {
                        y.Error(acceptanceNode, $"{aat}.expires", "The acceptance expires before it was given.");
                    }

                    if (owner is not null && date is not null && expires is not null)
                    {
                        acceptance = new RiskAcceptance { Owner = owner, Date = date.Value, Expires = expires.Value };
                    }
                }

                if (threat is null || treatment is null)
                {
                    continue;
                }

                result.Add(new RiskDecision
                {
                    Threat = threat,
                    Treatment = Enum.Parse<RiskTreatment>(treatment, ignoreCase: true),
                    Rationale = y.String(map, "rationale", at),
                    Impact = impact,
                    Acceptance = acceptance,
                    Position = YamlReader.PositionOf(item),
                });
            }

            return result.ToImmutable();
        }

        private Policy ReadPolicy(Dictionary<string, YamlNode> root)
        {
            if (!root.TryGetValue("policy", out var node) || YamlReader.IsNull(node))
            {
                return Policy.Default;
            }

            var map = y.Map(node, "policy", PolicyKeys);
            if (map is null)
            {
                return Policy.Default;
            }

            var policy = Policy.Default;
            var failOn = y.OneOf(map, "fail_on", "policy", Severities);
            if (failOn is not null)
            {
                policy = policy with { FailOn = Enum.Parse<Severity>(failOn, ignoreCase: true) };
            }

            var maxAge = y.Int(map, "evidence_max_age_days", "policy", 1, 36500);
            if (maxAge is not null)
            {
                policy = policy with { EvidenceMaxAgeDays = maxAge.Value };
            }

            if (map.TryGetValue("risk_matrix", out var matrixNode))
            {
                policy = policy with { RiskMatrix = ReadMatrix(matrixNode) ?? RiskMatrix.Default };
            }

            var tolerance = y.OneOf(map, "risk_tolerance", "policy", [.. policy.RiskMatrix.Levels]);
            if (tolerance is not null)
            {
                policy = policy with { RiskTolerance = tolerance };
            }
            else if (policy.RiskMatrix.Rank(policy.RiskTolerance) < 0)
            {
                y.Error(node, "policy.risk_tolerance", $"The default tolerance '{policy.RiskTolerance}' is not a level of the custom matrix; set risk_tolerance.");
            }

            if (map.TryGetValue("thresholds", out var thresholdsNode))
            {
                var thresholds = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
                if (thresholdsNode is YamlMappingNode thresholdMap)
                {
                    foreach (var (key, value) in thresholdMap.Children)
                    {
                        var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                        var number = y.Number(value, $"policy.thresholds.{name}");
                        if (number is not null)
                        {
                            thresholds[name] = number.Value;
                        }
                    }
                }
                else
                {
                    y.Error(thresholdsNode, "policy.thresholds", "Expected a mapping of metric names to numbers.");
                }

                policy = policy with { Thresholds = thresholds.ToImmutable() };
            }

            return policy;
        }

        private RiskMatrix? ReadMatrix(YamlNode node)
        {
            const string at = "policy.risk_matrix";
            var map = y.Map(node, at, MatrixKeys);
            if (map is null)
            {
                return null;
            }

            var levels = y.Strings(map, "levels", at);
            if (levels.Count < 2 || levels.Distinct(StringComparer.Ordinal).Count() != levels.Count)
            {
                y.Error(map.GetValueOrDefault("levels") ?? node, $"{at}.levels", "List at least two distinct level names, least serious first.");
                return null;
            }

            map.TryGetValue("grid", out var gridNode);
            var rows = y.Sequence(gridNode, $"{at}.grid");
            if (rows.Count != RiskMatrix.Size)
            {
                y.Error(gridNode ?? node, $"{at}.grid", $"The grid needs {RiskMatrix.Size} rows (likelihood 1 to {RiskMatrix.Size}), each of {RiskMatrix.Size} level names (impact 1 to {RiskMatrix.Size}).");
                return null;
            }

            var grid = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
            var ok = true;
            foreach (var (row, i) in rows.Select((r, i) => (r, i)))
            {
                var cells = y.Sequence(row, $"{at}.grid[{i}]").Select(c => (c as YamlScalarNode)?.Value ?? string.Empty).ToImmutableArray();
                if (cells.Length != RiskMatrix.Size)
                {
                    y.Error(row, $"{at}.grid[{i}]", $"Row {i + 1} has {cells.Length} cells; expected {RiskMatrix.Size}.");
                    ok = false;
                    continue;
                }

                foreach (var cell in cells.Where(c => !levels.Contains(c)))
                {
                    y.Error(row, $"{at}.grid[{i}]", $"'{cell}' is not one of the levels {string.Join(", ", levels)}.");
                    ok = false;
                }

                grid.Add(cells);
            }

            return ok ? new RiskMatrix { Levels = [.. levels], Grid = grid.ToImmutable() } : null;
        }

        private string? KnownId(Dictionary<string, YamlNode> map, string key, string at, string id, IEnumerable<string> known)
        {
            var list = known.ToList();
            if (list.Contains(id, StringComparer.Ordinal))
            {
                return id;
            }

            y.Error(map[key], $"{at}.{key}", $"Unknown {key} '{id}'.{Suggestions.DidYouMean(id, list)} See 'rampart catalog {key}s'.");
            return null;
        }
    }
}
