using System.Collections.Frozen;
using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Catalogue;

/// <summary>
/// The security catalogue: life-cycle stages and phases, stakeholder roles, threats, objectives, techniques and
/// requirements of the two ITU-T seed documents, with stable ids and the links between them. Immutable.
/// </summary>
public sealed class SecurityCatalogue
{
    private static readonly Lazy<SecurityCatalogue> Embedded = new(LoadEmbedded);

    private readonly FrozenDictionary<string, object> _byId;

    internal SecurityCatalogue(
        string version,
        ImmutableArray<SourceDocument> sources,
        ImmutableArray<Phase> phases,
        ImmutableArray<Stage> stages,
        ImmutableArray<Role> roles,
        ImmutableArray<Objective> objectives,
        ImmutableArray<Threat> threats,
        ImmutableArray<Technique> techniques,
        ImmutableArray<Requirement> requirements,
        ImmutableArray<CheckReference> checks,
        ImmutableArray<ExternalReference> references)
    {
        Version = version;
        Sources = sources;
        Phases = phases;
        Stages = [.. stages.OrderBy(s => s.Order)];
        Roles = roles;
        Objectives = objectives;
        Threats = threats;
        Techniques = techniques;
        Requirements = requirements;
        Checks = checks;
        References = references;

        var byId = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in phases.Cast<object>().Concat(stages).Concat(roles).Concat(objectives).Concat(threats)
                     .Concat(techniques).Concat(requirements))
        {
            byId.TryAdd(IdOf(item), item);
        }

        _byId = byId.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The catalogue data version (semantic versioning).</summary>
    public string Version { get; }

    /// <summary>The source documents.</summary>
    public ImmutableArray<SourceDocument> Sources { get; }

    /// <summary>The TR's four life-cycle phases.</summary>
    public ImmutableArray<Phase> Phases { get; }

    /// <summary>Rampart's seven stages, in life-cycle order.</summary>
    public ImmutableArray<Stage> Stages { get; }

    /// <summary>The stakeholder roles.</summary>
    public ImmutableArray<Role> Roles { get; }

    /// <summary>The six security objectives.</summary>
    public ImmutableArray<Objective> Objectives { get; }

    /// <summary>Every threat of both documents.</summary>
    public ImmutableArray<Threat> Threats { get; }

    /// <summary>Every technique of TR 7.3.</summary>
    public ImmutableArray<Technique> Techniques { get; }

    /// <summary>Every requirement: X.sr-ai section 8 statements and TR 7.2 process requirements.</summary>
    public ImmutableArray<Requirement> Requirements { get; }

    /// <summary>The executable checks that requirements name as verification, by id.</summary>
    public ImmutableArray<CheckReference> Checks { get; }

    /// <summary>The external framework ids referenced, with their short titles.</summary>
    public ImmutableArray<ExternalReference> References { get; }

    /// <summary>
    /// The catalogue shipped inside Rampart. Loaded and validated once.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the embedded data is invalid (a build defect).</exception>
    public static SecurityCatalogue Default => Embedded.Value;

    /// <summary>Finds any catalogue item by id, case-insensitively.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The stage, phase, role, objective, threat, technique or requirement; <c>null</c> when absent.</returns>
    public object? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Finds an item of a given type by id.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="id">The id.</param>
    /// <returns>The item, or <c>null</c>.</returns>
    public T? Find<T>(string id)
        where T : class => Find(id) as T;

    /// <summary>The stage with an id, or <c>null</c>.</summary>
    /// <param name="id">The stage id.</param>
    /// <returns>The stage.</returns>
    public Stage? FindStage(string id) => Find<Stage>(id);

    /// <summary>The stages from planning up to and including <paramref name="stageId"/>.</summary>
    /// <param name="stageId">A stage id.</param>
    /// <returns>The stages in order; empty when the id is unknown.</returns>
    public ImmutableArray<Stage> StagesUpTo(string stageId)
    {
        var stage = FindStage(stageId);
        return stage is null ? [] : [.. Stages.Where(s => s.Order <= stage.Order)];
    }

    /// <summary>The Rampart stages that correspond to a TR phase.</summary>
    /// <param name="phaseId">A phase id.</param>
    /// <returns>The stages in order.</returns>
    public ImmutableArray<Stage> StagesOfPhase(string phaseId) =>
        [.. Stages.Where(s => s.TrPhases.Contains(phaseId, StringComparer.Ordinal))];

    /// <summary>The short title of an external reference, or <c>null</c>.</summary>
    /// <param name="framework">The framework key.</param>
    /// <param name="id">The id in that framework.</param>
    /// <returns>The title.</returns>
    public string? ReferenceTitle(string framework, string id) =>
        References.FirstOrDefault(r => r.Framework == framework && r.Id == id)?.Title;

    /// <summary>Reads and validates a catalogue from YAML text.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="fileName">The name to use in problem locations.</param>
    /// <returns>The catalogue, or every problem found.</returns>
    public static ValidationResult<SecurityCatalogue> Parse(string yaml, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return CatalogueReader.Read(yaml, fileName);
    }

    /// <summary>The id of any catalogue item.</summary>
    /// <param name="item">A stage, phase, role, objective, threat, technique or requirement.</param>
    /// <returns>Its id.</returns>
    public static string IdOf(object item) => item switch
    {
        Phase p => p.Id,
        Stage s => s.Id,
        Role r => r.Id,
        Objective o => o.Id,
        Threat t => t.Id,
        Technique t => t.Id,
        Requirement r => r.Id,
        _ => throw new ArgumentException($"Not a catalogue item: {item.GetType().Name}", nameof(item)),
    };

    private static SecurityCatalogue LoadEmbedded()
    {
        using var stream = typeof(SecurityCatalogue).Assembly.GetManifestResourceStream("Rampart.Catalogue.catalogue.yaml")
            ?? throw new InvalidOperationException("The embedded catalogue resource is missing.");
        using var reader = new StreamReader(stream);
        var result = CatalogueReader.Read(reader.ReadToEnd(), "catalogue.yaml");
        return result.Value ?? throw new InvalidOperationException(
            "The embedded catalogue is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, result.Problems));
    }
}
