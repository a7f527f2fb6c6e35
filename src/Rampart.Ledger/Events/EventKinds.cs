using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Rampart.Ledger.Events;

/// <summary>The kebab-case names of <see cref="EventKind"/> values and the details each kind takes.</summary>
public static class EventKinds
{
    private static readonly FrozenDictionary<EventKind, string> Names = new Dictionary<EventKind, string>
    {
        [EventKind.ModelRegistered] = "model-registered",
        [EventKind.ModelSigned] = "model-signed",
        [EventKind.ModelScanned] = "model-scanned",
        [EventKind.ModelEvaluated] = "model-evaluated",
        [EventKind.ModelDeployed] = "model-deployed",
        [EventKind.ModelRetired] = "model-retired",
        [EventKind.DatasetLabelled] = "dataset-labelled",
        [EventKind.AssessmentRun] = "assessment-run",
        [EventKind.RiskAccepted] = "risk-accepted",
        [EventKind.IncidentOpened] = "incident-opened",
        [EventKind.IncidentClosed] = "incident-closed",
        [EventKind.AccessDecision] = "access-decision",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, EventKind> ByName = Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    private static readonly FrozenDictionary<EventKind, ImmutableArray<DetailField>> Fields = new Dictionary<EventKind, ImmutableArray<DetailField>>
    {
        [EventKind.ModelRegistered] = [Optional("version", DetailType.Text), Optional("stage", DetailType.Text), Optional("owner", DetailType.Text)],
        [EventKind.ModelSigned] = [Required("signature", DetailType.Text), Optional("key", DetailType.Text), Optional("files", DetailType.Number)],
        [EventKind.ModelScanned] = [Required("verdict", DetailType.Text), Required("findings", DetailType.Number), Optional("files", DetailType.Number)],
        [EventKind.ModelEvaluated] = [Required("evaluation", DetailType.Text), Optional("passed", DetailType.Boolean), Optional("findings", DetailType.Number)],
        [EventKind.ModelDeployed] = [Required("environment", DetailType.Text), Optional("version", DetailType.Text)],
        [EventKind.ModelRetired] = [Required("reason", DetailType.Text)],
        [EventKind.DatasetLabelled] = [Required("label", DetailType.Text), Required("rows", DetailType.Number), Optional("merkle_root", DetailType.Text), Optional("schema", DetailType.Text)],
        [EventKind.AssessmentRun] = [Required("passed", DetailType.Boolean), Required("findings", DetailType.Number), Optional("stage", DetailType.Text), Optional("worst", DetailType.Text)],
        [EventKind.RiskAccepted] = [Required("risk", DetailType.Text), Optional("approver", DetailType.Text), Optional("until", DetailType.Text), Optional("reason", DetailType.Text)],
        [EventKind.IncidentOpened] = [Required("incident", DetailType.Text), Required("severity", DetailType.Text), Optional("summary", DetailType.Text)],
        [EventKind.IncidentClosed] = [Required("incident", DetailType.Text), Optional("resolution", DetailType.Text)],
        [EventKind.AccessDecision] = [Required("resource", DetailType.Text), Required("action", DetailType.Text), Required("decision", DetailType.Text), Optional("principal", DetailType.Text)],
    }.ToFrozenDictionary();

    /// <summary>Every kind, in declaration order.</summary>
    public static ImmutableArray<EventKind> All { get; } = [.. Enum.GetValues<EventKind>()];

    /// <summary>Returns the kebab-case name of <paramref name="kind"/>, for example <c>model-signed</c>.</summary>
    /// <param name="kind">The kind.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind.</exception>
    public static string Name(EventKind kind) =>
        Names.TryGetValue(kind, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an event kind.");

    /// <summary>Looks up a kind by its kebab-case name (exact, case-sensitive).</summary>
    /// <param name="name">The name, for example <c>model-scanned</c>.</param>
    /// <param name="kind">The kind, when found.</param>
    /// <returns>Whether the name is a kind.</returns>
    public static bool TryParse(string? name, out EventKind kind) => ByName.TryGetValue(name ?? string.Empty, out kind);

    /// <summary>The detail fields <paramref name="kind"/> takes; no other field is accepted.</summary>
    /// <param name="kind">The kind.</param>
    public static ImmutableArray<DetailField> DetailFields(EventKind kind) => Fields[kind];

    private static DetailField Required(string name, DetailType type) => new(name, type, true);

    private static DetailField Optional(string name, DetailType type) => new(name, type, false);
}
