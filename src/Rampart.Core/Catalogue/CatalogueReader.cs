using System.Collections.Immutable;
using Rampart.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rampart.Catalogue;

/// <summary>Reads catalogue YAML into a <see cref="SecurityCatalogue"/> and validates every id and link.</summary>
internal sealed class CatalogueReader
{
    private readonly string _file;
    private readonly List<Problem> _problems = [];
    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);

    private CatalogueReader(string file) => _file = file;

    public static ValidationResult<SecurityCatalogue> Read(string yaml, string file)
    {
        CatalogueDocument? document;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build();
            document = deserializer.Deserialize<CatalogueDocument>(yaml);
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException?.Message;
            return ValidationResult<SecurityCatalogue>.Failure(
            [
                new Problem
                {
                    File = file,
                    Line = (int)ex.Start.Line,
                    Column = (int)ex.Start.Column,
                    Message = inner is null ? ex.Message : $"{ex.Message} {inner}",
                },
            ]);
        }

        if (document is null)
        {
            return ValidationResult<SecurityCatalogue>.Failure([new Problem { File = file, Message = "The catalogue is empty." }]);
        }

        return new CatalogueReader(file).Build(document);
    }

    private ValidationResult<SecurityCatalogue> Build(CatalogueDocument doc)
    {
        var sources = doc.Sources.Select((s, i) => new SourceDocument
        {
            Id = Required(s.Id, $"sources[{i}].id"),
            Title = Required(s.Title, $"sources[{i}].title"),
            Publisher = Required(s.Publisher, $"sources[{i}].publisher"),
            Kind = Required(s.Kind, $"sources[{i}].kind"),
        }).ToImmutableArray();
        var sourceIds = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

        var phases = doc.Phases.Select((p, i) => new Phase
        {
            Id = NewId(p.Id, $"phases[{i}].id"),
            Title = Required(p.Title, $"phases[{i}].title"),
            Description = Required(p.Description, $"phases[{i}].description"),
        }).ToImmutableArray();
        var phaseIds = phases.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

        var stages = doc.Stages.Select((s, i) => new Stage
        {
            Id = NewId(s.Id, $"stages[{i}].id"),
            Order = s.Order,
            Title = Required(s.Title, $"stages[{i}].title"),
            XsraiStage = s.XsraiStage,
            TrPhases = Links(s.TrPhases, phaseIds, $"stages[{i}].tr_phases", "phase"),
            Description = Required(s.Description, $"stages[{i}].description"),
        }).ToImmutableArray();
        var stageIds = stages.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var orders = stages.Select(s => s.Order).Order().ToArray();
        if (!orders.SequenceEqual(Enumerable.Range(1, stages.Length)))
        {
            Add("stages", $"Stage orders must be 1 to {stages.Length} with no gaps or repeats; found {string.Join(", ", orders)}.");
        }

        var roles = doc.Roles.Select((r, i) => new Role
        {
            Id = NewId(r.Id, $"roles[{i}].id"),
            Title = Required(r.Title, $"roles[{i}].title"),
            Source = Required(r.Source, $"roles[{i}].source"),
            Description = Required(r.Description, $"roles[{i}].description"),
        }).ToImmutableArray();
        var roleIds = roles.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var objectives = doc.Objectives.Select((o, i) => new Objective
        {
            Id = NewId(o.Id, $"objectives[{i}].id"),
            Title = Required(o.Title, $"objectives[{i}].title"),
            Description = Required(o.Description, $"objectives[{i}].description"),
        }).ToImmutableArray();
        var objectiveIds = objectives.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);

        var checks = doc.Checks.Select((c, i) => new CheckReference
        {
            Id = NewId(c.Id, $"checks[{i}].id"),
            Title = Required(c.Title, $"checks[{i}].title"),
        }).ToImmutableArray();
        var checkIds = checks.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var references = ReadReferences(doc.References);
        var referenceKeys = references.Select(r => (r.Framework, r.Id)).ToHashSet();

        // Techniques first, so that threats and requirements can link to them.
        var techniqueIds = doc.Techniques.Select(t => t.Id ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var threatIds = doc.Threats.Select(t => t.Id ?? string.Empty).ToHashSet(StringComparer.Ordinal);

        var techniques = doc.Techniques.Select((t, i) =>
        {
            var at = $"techniques[{i}]";
            return new Technique
            {
                Id = NewId(t.Id, $"{at}.id"),
                Title = Required(t.Title, $"{at}.title"),
                Category = ParseEnum<TechniqueCategory>(t.Category, $"{at}.category"),
                Group = Required(t.Group, $"{at}.group"),
                Clause = Required(t.Clause, $"{at}.clause"),
                Aliases = [.. t.Aliases],
                Description = Required(t.Description, $"{at}.description"),
                Phases = Links(t.Phases, phaseIds, $"{at}.phases", "phase"),
                AssetKinds = AssetKinds(t.AssetKinds, $"{at}.asset_kinds"),
                Objectives = Links(t.Objectives, objectiveIds, $"{at}.objectives", "objective"),
                Refs = Refs(t.Refs, referenceKeys, $"{at}.refs"),
                Notes = t.Notes,
            };
        }).ToImmutableArray();

        var threats = doc.Threats.Select((t, i) =>
        {
            var at = $"threats[{i}]";
            var provenance = t.Provenance.Select((p, j) =>
            {
                var pat = $"{at}.provenance[{j}]";
                var source = Required(p.Source, $"{pat}.source");
                if (!sourceIds.Contains(source))
                {
                    Add($"{pat}.source", $"Unknown source '{source}'.");
                }

                if (p.Phase is not null && !phaseIds.Contains(p.Phase))
                {
                    Add($"{pat}.phase", $"Unknown phase '{p.Phase}'.");
                }

                return new ThreatProvenance
                {
                    Source = source,
                    Name = Required(p.Name, $"{pat}.name"),
                    ThreatSource = p.ThreatSource,
                    Phase = p.Phase,
                    Stages = Links(p.Stages, stageIds, $"{pat}.stages", "stage"),
                };
            }).ToImmutableArray();
            if (provenance.IsEmpty)
            {
                Add($"{at}.provenance", $"Threat '{t.Id}' has no provenance.");
            }

            return new Threat
            {
                Id = NewId(t.Id, $"{at}.id"),
                Title = Required(t.Title, $"{at}.title"),
                Description = Required(t.Description, $"{at}.description"),
                Provenance = provenance,
                Stages = Links(t.Stages, stageIds, $"{at}.stages", "stage"),
                AssetKinds = AssetKinds(t.AssetKinds, $"{at}.asset_kinds"),
                Objectives = Links(t.Objectives, objectiveIds, $"{at}.objectives", "objective"),
                Techniques = Links(t.Techniques, techniqueIds, $"{at}.techniques", "technique"),
                Refs = Refs(t.Refs, referenceKeys, $"{at}.refs"),
                Notes = t.Notes,
            };
        }).ToImmutableArray();

        var requirements = doc.Requirements.Select((r, i) =>
        {
            var at = $"requirements[{i}]";
            var source = Required(r.Source, $"{at}.source");
            if (!sourceIds.Contains(source))
            {
                Add($"{at}.source", $"Unknown source '{source}'.");
            }

            return new Requirement
            {
                Id = NewId(r.Id, $"{at}.id"),
                Source = source,
                Clause = Required(r.Clause, $"{at}.clause"),
                Stage = Link(r.Stage, stageIds, $"{at}.stage", "stage"),
                Role = Link(r.Role, roleIds, $"{at}.role", "role"),
                Level = ParseEnum<RequirementLevel>(r.Level, $"{at}.level"),
                Statement = Required(r.Statement, $"{at}.statement"),
                Quote = Required(r.Quote, $"{at}.quote"),
                Threats = Links(r.Threats, threatIds, $"{at}.threats", "threat"),
                Techniques = Links(r.Techniques, techniqueIds, $"{at}.techniques", "technique"),
                Checks = Links(r.Checks, checkIds, $"{at}.checks", "check"),
            };
        }).ToImmutableArray();

        if (string.IsNullOrWhiteSpace(doc.Version))
        {
            Add("version", "The catalogue has no version.");
        }

        if (_problems.Count > 0)
        {
            return ValidationResult<SecurityCatalogue>.Failure(_problems);
        }

        return ValidationResult<SecurityCatalogue>.Success(new SecurityCatalogue(
            doc.Version!, sources, phases, stages, roles, objectives, threats, techniques, requirements, checks, references));
    }

    private ImmutableArray<ExternalReference> ReadReferences(Dictionary<string, List<ReferenceDto>> references)
    {
        var result = ImmutableArray.CreateBuilder<ExternalReference>();
        foreach (var (framework, list) in references.OrderBy(kv => ExternalFrameworks.Keys.ToList().IndexOf(kv.Key)))
        {
            if (!ExternalFrameworks.Keys.Contains(framework))
            {
                Add($"references.{framework}", $"Unknown framework '{framework}'; expected one of {string.Join(", ", ExternalFrameworks.Keys)}.");
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, i) in list.Select((item, i) => (item, i)))
            {
                var id = Required(item.Id, $"references.{framework}[{i}].id");
                var title = Required(item.Title, $"references.{framework}[{i}].title");
                if (!ExternalFrameworks.IsWellFormed(framework, id))
                {
                    Add($"references.{framework}[{i}].id", $"'{id}' is not a well-formed {ExternalFrameworks.DisplayName(framework)} id ({ExternalFrameworks.FormatHint(framework)}).");
                }

                if (!seen.Add(id))
                {
                    Add($"references.{framework}[{i}].id", $"Duplicate reference '{id}'.");
                }

                result.Add(new ExternalReference { Framework = framework, Id = id, Title = title });
            }
        }

        return result.ToImmutable();
    }

    private CrossReferences Refs(RefsDto? refs, HashSet<(string Framework, string Id)> known, string at)
    {
        if (refs is null)
        {
            return CrossReferences.None;
        }

        var result = new CrossReferences
        {
            Atlas = [.. refs.Atlas],
            OwaspMl = [.. refs.OwaspMl],
            OwaspLlm = [.. refs.OwaspLlm],
            NistAiRmf = [.. refs.NistAiRmf],
        };
        foreach (var (framework, id) in result.All)
        {
            if (!ExternalFrameworks.IsWellFormed(framework, id))
            {
                Add($"{at}.{framework}", $"'{id}' is not a well-formed {ExternalFrameworks.DisplayName(framework)} id ({ExternalFrameworks.FormatHint(framework)}).");
            }
            else if (!known.Contains((framework, id)))
            {
                Add($"{at}.{framework}", $"'{id}' is not listed under references.{framework} with its title.");
            }
        }

        return result;
    }

    private ImmutableArray<AssetKind> AssetKinds(List<string> values, string at) =>
        [.. values.Select((v, i) => ParseEnum<AssetKind>(v, $"{at}[{i}]"))];

    private T ParseEnum<T>(string? value, string at)
        where T : struct, Enum
    {
        if (value is not null && Enum.TryParse<T>(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
        Add(at, value is null ? $"Missing value; expected one of {allowed}." : $"'{value}' is not one of {allowed}.");
        return default;
    }

    private ImmutableArray<string> Links(List<string> values, HashSet<string> known, string at, string what)
    {
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            if (!known.Contains(value))
            {
                Add($"{at}[{i}]", $"Unknown {what} '{value}'.");
            }
        }

        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            Add(at, $"A {what} is listed twice.");
        }

        return [.. values];
    }

    private string Link(string? value, HashSet<string> known, string at, string what)
    {
        var id = Required(value, at);
        if (id.Length > 0 && !known.Contains(id))
        {
            Add(at, $"Unknown {what} '{id}'.");
        }

        return id;
    }

    private string NewId(string? value, string at)
    {
        var id = Required(value, at);
        if (id.Length > 0 && !_ids.Add(id))
        {
            Add(at, $"Duplicate id '{id}'.");
        }

        return id;
    }

    private string Required(string? value, string at)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(at, "Missing value.");
            return string.Empty;
        }

        return value.Trim();
    }

    private void Add(string field, string message) => _problems.Add(new Problem { File = _file, Field = field, Message = message });
}
