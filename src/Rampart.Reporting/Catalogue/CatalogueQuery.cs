using Rampart.Catalogue;
using Rampart.Diagnostics;

namespace Rampart.Reporting.Catalogue;

/// <summary>A filter over one list of the catalogue. Filters that do not apply to the list are errors.</summary>
public sealed record CatalogueQuery
{
    /// <summary>Which list.</summary>
    public required CatalogueKind Kind { get; init; }

    /// <summary>Stage id filter, or <c>null</c>.</summary>
    public string? Stage { get; init; }

    /// <summary>Role id filter, or <c>null</c>.</summary>
    public string? Role { get; init; }

    /// <summary>Technique category filter, or <c>null</c>.</summary>
    public string? Category { get; init; }

    /// <summary>Case-insensitive text that must appear in the id, title, description, names or statement.</summary>
    public string? Search { get; init; }

    /// <summary>Checks that the filters fit the list and name known stages, roles and categories.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Every problem; empty when the query is valid.</returns>
    public IReadOnlyList<Problem> Validate(SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<Problem>();
        if (Stage is not null)
        {
            if (Kind is not (CatalogueKind.Threats or CatalogueKind.Techniques or CatalogueKind.Requirements))
            {
                problems.Add(new Problem { Field = "--stage", Message = "--stage applies to threats, techniques and requirements." });
            }
            else if (catalogue.FindStage(Stage) is null)
            {
                problems.Add(new Problem { Field = "--stage", Message = $"Unknown stage '{Stage}'; stages are {string.Join(", ", catalogue.Stages.Select(s => s.Id))}.{Suggestions.DidYouMean(Stage, catalogue.Stages.Select(s => s.Id))}" });
            }
        }

        if (Role is not null)
        {
            if (Kind != CatalogueKind.Requirements)
            {
                problems.Add(new Problem { Field = "--role", Message = "--role applies to requirements." });
            }
            else if (catalogue.Find<Role>(Role) is null)
            {
                problems.Add(new Problem { Field = "--role", Message = $"Unknown role '{Role}'; roles are {string.Join(", ", catalogue.Roles.Select(r => r.Id))}.{Suggestions.DidYouMean(Role, catalogue.Roles.Select(r => r.Id))}" });
            }
        }

        if (Category is not null)
        {
            var names = Enum.GetNames<TechniqueCategory>().Select(n => n.ToLowerInvariant()).ToList();
            if (Kind != CatalogueKind.Techniques)
            {
                problems.Add(new Problem { Field = "--category", Message = "--category applies to techniques." });
            }
            else if (!names.Contains(Category, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(new Problem { Field = "--category", Message = $"Unknown category '{Category}'; categories are {string.Join(", ", names)}.{Suggestions.DidYouMean(Category, names)}" });
            }
        }

        return problems;
    }

    /// <summary>The items that match, in catalogue order.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <returns>Stages, roles, objectives, threats, techniques or requirements.</returns>
    public IReadOnlyList<object> Run(SecurityCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        IEnumerable<object> items = Kind switch
        {
            CatalogueKind.Threats => catalogue.Threats.Where(t => Stage is null || t.Stages.Contains(Stage, StringComparer.OrdinalIgnoreCase)),
            CatalogueKind.Techniques => catalogue.Techniques
                .Where(t => Category is null || t.Category.ToString().Equals(Category, StringComparison.OrdinalIgnoreCase))
                .Where(t => Stage is null || t.Phases.Any(p => catalogue.StagesOfPhase(p).Any(s => s.Id.Equals(Stage, StringComparison.OrdinalIgnoreCase)))),
            CatalogueKind.Requirements => catalogue.Requirements
                .Where(r => Stage is null || r.Stage.Equals(Stage, StringComparison.OrdinalIgnoreCase))
                .Where(r => Role is null || r.Role.Equals(Role, StringComparison.OrdinalIgnoreCase)),
            CatalogueKind.Objectives => catalogue.Objectives,
            CatalogueKind.Stages => catalogue.Stages,
            _ => catalogue.Roles,
        };
        return [.. items.Where(Matches)];
    }

    private bool Matches(object item)
    {
        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        IEnumerable<string?> texts = item switch
        {
            Threat t => [t.Id, t.Title, t.Description, .. t.Provenance.Select(p => p.Name)],
            Technique t => [t.Id, t.Title, t.Group, t.Description, .. t.Aliases],
            Requirement r => [r.Id, r.Statement, r.Quote],
            Objective o => [o.Id, o.Title, o.Description],
            Stage s => [s.Id, s.Title, s.Description, s.XsraiStage],
            Role r => [r.Id, r.Title, r.Description],
            _ => [],
        };
        return texts.Any(t => t?.Contains(Search, StringComparison.OrdinalIgnoreCase) == true);
    }
}
