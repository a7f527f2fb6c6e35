using System.Text.RegularExpressions;
using Rampart.Catalogue;

namespace Rampart.Tests.Catalogue;

/// <summary>
/// Proves the catalogue covers the seed documents: every item is parsed out of the seed text itself (kept in
/// TestData/seeds) and looked up in the catalogue, so a missing item fails with its name.
/// </summary>
public sealed partial class SeedCompletenessTests
{
    private static readonly SecurityCatalogue Catalogue = SecurityCatalogue.Default;
    private static readonly string[] XsraiStageColumns = ["planning", "data-preparation", "model-design", "model-development", "deployment", "operation"];

    private static string[] TrLines => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "seeds", "itu-t-tr-ai-security-management.txt"));

    private static string[] XsraiLines => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "seeds", "itu-t-x-sr-ai.txt"));

    public static TheoryData<string, string, string> TrTable1Threats()
    {
        var data = new TheoryData<string, string, string>();
        var phases = new Dictionary<string, string>
        {
            ["Design and manufacturing"] = "design-and-manufacturing",
            ["Deployment and application"] = "deployment-and-application",
            ["Maintenance and upgrading"] = "maintenance-and-upgrading",
            ["Abandonment and destruction"] = "abandonment-and-destruction",
        };
        var lines = Section(TrLines, "Table 1 – Security threats", "Security measures");
        string? phase = null, source = null;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line is "Threat source" or "Threat performance")
            {
                continue;
            }

            if (phases.TryGetValue(line, out var p))
            {
                phase = p;
            }
            else if (line.StartsWith('–'))
            {
                data.Add(line.TrimStart('–').Trim(), source!, phase!);
            }
            else
            {
                source = line;
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TrTable1Threats))]
    public void Threats_EveryTrTable1Threat_IsPresentWithSourceAndPhase(string name, string threatSource, string phase)
    {
        var match = Catalogue.Threats.SelectMany(t => t.Provenance.Select(p => (Threat: t, Provenance: p)))
            .Where(x => x.Provenance.Source == "tr" && x.Provenance.Name == name).ToList();
        var found = Assert.Single(match);
        Assert.Equal(threatSource, found.Provenance.ThreatSource);
        Assert.Equal(phase, found.Provenance.Phase);
        Assert.True(found.Threat.Stages.Any(s => Catalogue.StagesOfPhase(phase).Any(st => st.Id == s)), $"{found.Threat.Id} has no stage in phase {phase}");
    }

    public static TheoryData<string, string[]> XsraiMatrixThreats()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var line in XsraiLines.Where(l => l.StartsWith("• ", StringComparison.Ordinal) && l.Contains('\t', StringComparison.Ordinal)))
        {
            var cells = line.Split('\t');
            var name = cells[0].TrimStart('•').Trim();
            if (name.StartsWith('•'))
            {
                continue; // "• • •": the matrix's ellipsis row, not a threat.
            }

            var stages = cells.Skip(1).Select((c, i) => (c.Trim(), i)).Where(x => x.Item1 == "X").Select(x => XsraiStageColumns[x.i]).ToArray();
            data.Add(name, stages);
        }

        return data;
    }

    [Fact]
    public void XsraiMatrixThreats_Parsed_FindsThirteenThreats()
    {
        Assert.Equal(13, XsraiMatrixThreats().Count);
        Assert.Equal(24, TrTable1Threats().Count);
    }

    [Theory]
    [MemberData(nameof(XsraiMatrixThreats))]
    public void Threats_EveryXsraiMatrixThreat_IsPresentWithItsStages(string name, string[] stages)
    {
        var match = Catalogue.Threats.SelectMany(t => t.Provenance.Select(p => (Threat: t, Provenance: p)))
            .Where(x => x.Provenance.Source == "xsrai" && x.Provenance.Name == name).ToList();
        var found = Assert.Single(match);
        Assert.Equal(stages, found.Provenance.Stages.ToArray());
        Assert.All(stages, s => Assert.Contains(s, found.Threat.Stages));
    }

    [Fact]
    public void Objectives_TrTable2_AllSixPresentVerbatim()
    {
        var lines = Section(TrLines, "Table 2 – Security objectives", "Security management")
            .Select(l => l.Trim()).Where(l => l.Length > 0 && l is not "Security objectives" and not "Description").ToList();
        Assert.Equal(12, lines.Count);
        for (var i = 0; i < lines.Count; i += 2)
        {
            var objective = Assert.Single(Catalogue.Objectives, o => o.Title == lines[i]);
            Assert.Equal(lines[i + 1], objective.Description);
        }

        Assert.Equal(6, Catalogue.Objectives.Length);
    }

    public static TheoryData<string> TechniqueNames()
    {
        var data = new TheoryData<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Section(TrLines, "7.3.1\tService security technology", "7.3.5\tSecurity techniques in the life cycle"))
        {
            var match = DefinitionPattern().Match(line);
            if (match.Success)
            {
                names.Add(match.Groups[1].Value.Trim());
            }
        }

        foreach (var line in Section(TrLines, "Table 3 – Security techniques in life cycle", "\u0000"))
        {
            if (line.TrimStart().StartsWith('–'))
            {
                names.Add(line.Trim().TrimStart('–').Trim());
            }
        }

        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void TechniqueNames_Parsed_CoverFortyOneTechniques()
    {
        var found = TechniqueNames().Cast<object[]>().Select(row => (string)row[0])
            .Select(n => Catalogue.Techniques.Single(t => t.Title == n || t.Aliases.Contains(n)).Id)
            .Distinct().Count();
        Assert.Equal(41, found);
        Assert.Equal(41, Catalogue.Techniques.Length);
    }

    [Theory]
    [MemberData(nameof(TechniqueNames))]
    public void Techniques_EveryTr73AndTable3Technique_IsPresent(string name)
    {
        Assert.Single(Catalogue.Techniques, t => t.Title == name || t.Aliases.Contains(name));
    }

    [Fact]
    public void Techniques_Table3Phases_MatchCatalogue()
    {
        var phases = new Dictionary<string, string>
        {
            ["Design and manufacturing"] = "design-and-manufacturing",
            ["Deployment and application"] = "deployment-and-application",
            ["Maintenance and upgrading"] = "maintenance-and-upgrading",
            ["Abandonment and destruction"] = "abandonment-and-destruction",
        };
        var expected = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        string? phase = null;
        foreach (var raw in Section(TrLines, "Table 3 – Security techniques in life cycle", "\u0000"))
        {
            var line = raw.Trim();
            if (phases.TryGetValue(line, out var p))
            {
                phase = p;
            }
            else if (line.StartsWith('–'))
            {
                var technique = Catalogue.Techniques.Single(t => t.Title == line.TrimStart('–').Trim() || t.Aliases.Contains(line.TrimStart('–').Trim()));
                if (!expected.TryGetValue(technique.Id, out var set))
                {
                    expected[technique.Id] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(phase!);
            }
        }

        foreach (var technique in Catalogue.Techniques)
        {
            var want = expected.TryGetValue(technique.Id, out var set) ? set.ToArray() : [];
            Assert.True(want.SequenceEqual(technique.Phases.Order(StringComparer.Ordinal)), $"{technique.Id} {technique.Title}: Table 3 phases {string.Join(",", want)}, catalogue {string.Join(",", technique.Phases)}");
        }
    }

    public static TheoryData<string> XsraiRequirementBullets()
    {
        var data = new TheoryData<string>();
        foreach (var line in XsraiLines.SkipWhile(l => !l.StartsWith("8. Security requirements", StringComparison.Ordinal)).Where(l => l.Contains("<li>", StringComparison.Ordinal) || l.Contains("<ul", StringComparison.Ordinal)))
        {
            foreach (Match m in BulletPattern().Matches(line))
            {
                data.Add(m.Groups[1].Value.Trim());
            }
        }

        return data;
    }

    [Fact]
    public void XsraiRequirementBullets_Parsed_FindsSeventeen() => Assert.Equal(17, XsraiRequirementBullets().Count);

    [Theory]
    [MemberData(nameof(XsraiRequirementBullets))]
    public void Requirements_EveryXsraiClause8Bullet_IsSplitIntoEntries(string bullet)
    {
        var entries = Catalogue.Requirements.Where(r => r.Source == "xsrai" && r.Quote == bullet).ToList();
        Assert.NotEmpty(entries);
        var requiredWording = bullet.Contains("required", StringComparison.Ordinal);
        var recommendedWording = bullet.Contains("recommended", StringComparison.Ordinal);
        Assert.Equal(requiredWording, entries.Any(e => e.Level == RequirementLevel.Required));
        Assert.Equal(recommendedWording, entries.Any(e => e.Level == RequirementLevel.Recommended));
    }

    public static TheoryData<string, string> TrManagementSentences()
    {
        var data = new TheoryData<string, string>();
        foreach (var (clause, start, end) in new[] { ("7.2.1", "7.2.1\tOrganization construction", "7.2.2\tSystem process"), ("7.2.2", "7.2.2\tSystem process", "7.2.3\tPersonnel capacity"), ("7.2.3", "7.2.3\tPersonnel capacity", "7.3\tSecurity technologies") })
        {
            var text = string.Join(" ", Section(TrLines, start, end).Select(l => l.Trim()).Where(l => l.Length > 0));
            foreach (var sentence in SentencePattern().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                data.Add(clause, sentence);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TrManagementSentences))]
    public void Requirements_EveryTr72Sentence_IsAProcessRequirement(string clause, string sentence)
    {
        Assert.Contains(Catalogue.Requirements, r => r.Source == "tr" && r.Clause == clause && r.IsProcessRequirement && r.Quote.Contains(sentence, StringComparison.Ordinal));
    }

    [Fact]
    public void Requirements_TrProcessRequirements_CoverAllThreeMeasures()
    {
        var clauses = Catalogue.Requirements.Where(r => r.IsProcessRequirement).Select(r => r.Clause).Distinct().Order().ToArray();
        Assert.Equal(["7.2.1", "7.2.2", "7.2.3"], clauses);
    }

    private static string[] Section(string[] lines, string start, string end)
    {
        var startIndex = Array.FindIndex(lines, l => l.Contains(start, StringComparison.Ordinal));
        Assert.True(startIndex >= 0, $"'{start}' not found in the seed");
        var endIndex = Array.FindIndex(lines, startIndex + 1, l => l.Contains(end, StringComparison.Ordinal));
        return lines[(startIndex + 1)..(endIndex < 0 ? lines.Length : endIndex)];
    }

    [GeneratedRegex(@"^([A-Z][A-Za-z\- ]{2,60}): ")]
    private static partial Regex DefinitionPattern();

    [GeneratedRegex(@"•\s*([^•<]+)")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"(?<=\.)\s+(?=[A-Z])")]
    private static partial Regex SentencePattern();
}
