using Rampart.Catalogue;

namespace Rampart.Tests.Catalogue;

public sealed class SecurityCatalogueTests
{
    private static readonly SecurityCatalogue Catalogue = SecurityCatalogue.Default;

    [Fact]
    public void Default_Stages_AreTheSevenOfTheDesignBriefInOrderWithTheirMappings()
    {
        var expected = new (string Id, string? Xsrai, string[] Phases)[]
        {
            ("planning", "Planning", ["design-and-manufacturing"]),
            ("data-preparation", "Data preparation", ["design-and-manufacturing"]),
            ("model-design", "Model design", ["design-and-manufacturing"]),
            ("model-development", "Model training/development", ["design-and-manufacturing"]),
            ("deployment", "Model deployment", ["deployment-and-application"]),
            ("operation", "Operation/Monitoring and Maintenance", ["deployment-and-application", "maintenance-and-upgrading"]),
            ("retirement", null, ["abandonment-and-destruction"]),
        };
        Assert.Equal(expected.Length, Catalogue.Stages.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var stage = Catalogue.Stages[i];
            Assert.Equal(expected[i].Id, stage.Id);
            Assert.Equal(i + 1, stage.Order);
            Assert.Equal(expected[i].Xsrai, stage.XsraiStage);
            Assert.Equal(expected[i].Phases, stage.TrPhases.ToArray());
        }
    }

    [Fact]
    public void Default_Roles_AreTheFiveXsraiRolesPlusTheAssessor()
    {
        Assert.Equal(
            ["organization-management", "ai-model-architect", "ai-data-scientist", "ai-developer", "ai-service-operator", "third-party-assessor"],
            Catalogue.Roles.Select(r => r.Id).ToArray());
        Assert.Equal(5, Catalogue.Roles.Count(r => r.Source == "xsrai"));
    }

    [Fact]
    public void Default_EveryLink_PointsAtAnExistingId()
    {
        foreach (var threat in Catalogue.Threats)
        {
            Assert.All(threat.Techniques, id => Assert.NotNull(Catalogue.Find<Technique>(id)));
            Assert.All(threat.Objectives, id => Assert.NotNull(Catalogue.Find<Objective>(id)));
            Assert.All(threat.Stages, id => Assert.NotNull(Catalogue.FindStage(id)));
            Assert.NotEmpty(threat.Techniques);
        }

        foreach (var technique in Catalogue.Techniques)
        {
            Assert.All(technique.Objectives, id => Assert.NotNull(Catalogue.Find<Objective>(id)));
            Assert.NotEmpty(technique.Objectives);
        }

        var checks = Catalogue.Checks.Select(c => c.Id).ToHashSet();
        foreach (var requirement in Catalogue.Requirements)
        {
            Assert.All(requirement.Threats, id => Assert.NotNull(Catalogue.Find<Threat>(id)));
            Assert.All(requirement.Techniques, id => Assert.NotNull(Catalogue.Find<Technique>(id)));
            Assert.All(requirement.Checks, id => Assert.Contains(id, checks));
            Assert.NotNull(Catalogue.FindStage(requirement.Stage));
            Assert.NotNull(Catalogue.Find<Role>(requirement.Role));
        }
    }

    [Fact]
    public void Default_ExternalReferences_AreWellFormedAndTitled()
    {
        Assert.All(Catalogue.References, r => Assert.True(ExternalFrameworks.IsWellFormed(r.Framework, r.Id), $"{r.Framework} {r.Id}"));
        var all = Catalogue.Threats.SelectMany(t => t.Refs.All).Concat(Catalogue.Techniques.SelectMany(t => t.Refs.All)).ToList();
        Assert.All(all, r => Assert.NotNull(Catalogue.ReferenceTitle(r.Framework, r.Id)));
        foreach (var framework in ExternalFrameworks.Keys)
        {
            Assert.Contains(all, r => r.Framework == framework);
        }
    }

    [Fact]
    public void Default_Ids_AreUniqueAcrossTheCatalogue()
    {
        var ids = Catalogue.Threats.Select(t => t.Id).Concat(Catalogue.Techniques.Select(t => t.Id)).Concat(Catalogue.Requirements.Select(r => r.Id))
            .Concat(Catalogue.Objectives.Select(o => o.Id)).Concat(Catalogue.Stages.Select(s => s.Id)).Concat(Catalogue.Roles.Select(r => r.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Find_IdInAnyCase_ReturnsTheItem()
    {
        Assert.IsType<Threat>(Catalogue.Find("thr-001"));
        Assert.Null(Catalogue.Find("THR-999"));
    }

    [Fact]
    public void StagesUpTo_Deployment_ReturnsTheFiveStagesBeforeAndIncluding()
    {
        Assert.Equal(["planning", "data-preparation", "model-design", "model-development", "deployment"], Catalogue.StagesUpTo("deployment").Select(s => s.Id).ToArray());
        Assert.Empty(Catalogue.StagesUpTo("nowhere"));
    }

    [Fact]
    public void Default_EveryCategory_HasTechniques()
    {
        Assert.Equal(9, Catalogue.Techniques.Count(t => t.Category == TechniqueCategory.Service));
        Assert.Equal(14, Catalogue.Techniques.Count(t => t.Category == TechniqueCategory.Algorithm));
        Assert.Equal(13, Catalogue.Techniques.Count(t => t.Category == TechniqueCategory.Data));
        Assert.Equal(5, Catalogue.Techniques.Count(t => t.Category == TechniqueCategory.Platform));
    }
}
