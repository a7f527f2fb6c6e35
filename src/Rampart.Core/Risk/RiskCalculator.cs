using System.Globalization;
using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;

namespace Rampart.Risk;

/// <summary>
/// Scores the threats that apply to a system. The method, documented in docs/risk.md:
/// <list type="bullet">
/// <item>A threat applies when one of its stages is among the register's stages and the system has one of its asset kinds.</item>
/// <item>Inherent likelihood starts at 3 (possible). A linked critical finding raises it by 2; a linked high or
/// medium finding, or a failed measurement, by 1 (the largest raise counts, capped at 5).</item>
/// <item>Residual likelihood is the inherent one lowered by round(2 x f), where f is the implemented share of the
/// threat's mitigating techniques (partial counts half), never below 1.</item>
/// <item>Impact is the risk decision's, else the system's. Levels come from the matrix.</item>
/// </list>
/// </summary>
public static class RiskCalculator
{
    /// <summary>The likelihood of an applicable threat before any evidence.</summary>
    public const int BaseLikelihood = 3;

    /// <summary>Builds the register.</summary>
    /// <param name="catalogue">The catalogue.</param>
    /// <param name="manifest">The system.</param>
    /// <param name="stages">The stage ids the register covers.</param>
    /// <param name="findings">Findings of the run.</param>
    /// <param name="measurements">Measurements of the run.</param>
    /// <param name="applicability">Technique implementation state.</param>
    /// <param name="today">The assessment date, for acceptance expiry.</param>
    /// <returns>The register.</returns>
    public static RiskRegister Build(
        SecurityCatalogue catalogue,
        SystemManifest manifest,
        IReadOnlyCollection<string> stages,
        IReadOnlyList<Finding> findings,
        IReadOnlyList<Measurement> measurements,
        IReadOnlyList<TechniqueApplicability> applicability,
        DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(applicability);

        var policy = manifest.Policy;
        var matrix = policy.RiskMatrix;
        var kinds = ThreatApplicability.KindsOf(manifest);
        var techniques = applicability.ToDictionary(a => a.TechniqueId, StringComparer.Ordinal);
        var decisions = manifest.Risks.ToDictionary(r => r.Threat, StringComparer.Ordinal);
        var toleranceRank = matrix.Rank(policy.RiskTolerance);

        var entries = new List<RiskEntry>();
        foreach (var threat in catalogue.Threats)
        {
            if (!ThreatApplicability.Applies(threat, stages, kinds))
            {
                continue;
            }

            var why = new StringBuilder();
            why.Append(CultureInfo.InvariantCulture, $"Likelihood starts at {BaseLikelihood} ({RiskMatrix.LikelihoodNames[BaseLikelihood - 1]}) because the threat applies at this system's stages.");

            var raisedBy = new List<string>();
            var raise = 0;
            foreach (var finding in findings.Where(f => f.Threats.Contains(threat.Id, StringComparer.Ordinal)))
            {
                var step = finding.Severity switch
                {
                    Severity.Critical => 2,
                    Severity.High or Severity.Medium => 1,
                    _ => 0,
                };
                if (step > 0)
                {
                    raise = Math.Max(raise, step);
                    raisedBy.Add($"{finding.RuleId} ({finding.Severity.ToString().ToLowerInvariant()}): {finding.Message.TrimEnd('.')}");
                }
            }

            foreach (var measurement in measurements.Where(m => m.Verdict == Verdict.Fail && m.Threats.Contains(threat.Id, StringComparer.Ordinal)))
            {
                raise = Math.Max(raise, 1);
                raisedBy.Add($"{measurement.Metric}{(measurement.Subject is null ? string.Empty : $" [{measurement.Subject}]")} = {measurement.Value.ToString("G4", CultureInfo.InvariantCulture)} failed its threshold {measurement.Threshold?.ToString("G4", CultureInfo.InvariantCulture)}");
            }

            var inherent = Math.Min(RiskMatrix.Size, BaseLikelihood + raise);
            if (raise > 0)
            {
                why.Append(CultureInfo.InvariantCulture, $" Raised by {raise} to {inherent} by: {string.Join("; ", raisedBy)}.");
            }

            // Techniques attested not applicable to this system are left out of the share.
            var mitigating = threat.Techniques.Where(t => !techniques.TryGetValue(t, out var a) || !a.AttestedNotApplicable).ToList();
            var weights = mitigating.Select(t => (Id: t, Weight: techniques.TryGetValue(t, out var a) ? a.Weight : 0)).ToList();
            var lowered = weights.Where(w => w.Weight > 0).Select(w => w.Id).ToList();
            var share = weights.Count == 0 ? 0 : weights.Sum(w => w.Weight) / weights.Count;
            var reduction = (int)Math.Round(2 * share, MidpointRounding.AwayFromZero);
            var residual = Math.Max(1, inherent - reduction);
            if (weights.Count == 0)
            {
                why.Append(threat.Techniques.IsEmpty
                    ? " No technique in the catalogue mitigates it, so nothing lowers it."
                    : " Every technique that mitigates it is attested not applicable, so nothing lowers it.");
            }
            else if (reduction > 0)
            {
                why.Append(CultureInfo.InvariantCulture, $" Lowered by {inherent - residual} to {residual} because {share * 100:0}% of its {weights.Count} mitigating techniques are implemented ({string.Join(", ", lowered)}).");
            }
            else
            {
                var missing = mitigating.Except(lowered, StringComparer.Ordinal).ToList();
                why.Append(CultureInfo.InvariantCulture, $" Not lowered: {share * 100:0}% of its {weights.Count} mitigating techniques are implemented{(lowered.Count == 0 ? string.Empty : $" ({string.Join(", ", lowered)})")}; not implemented: {string.Join(", ", missing)}.");
            }

            decisions.TryGetValue(threat.Id, out var decision);
            var impact = decision?.Impact ?? manifest.System.Impact;
            why.Append(CultureInfo.InvariantCulture, $" Impact {impact} ({RiskMatrix.ImpactNames[impact - 1]}) from {(decision?.Impact is null ? $"the system's criticality ({manifest.System.Criticality})" : "the risk decision")}.");

            var residualLevel = matrix.LevelOf(residual, impact);
            var acceptanceCurrent = decision?.Acceptance is { } acc && acc.Expires >= today;
            entries.Add(new RiskEntry
            {
                ThreatId = threat.Id,
                Title = threat.Title,
                InherentLikelihood = inherent,
                ResidualLikelihood = residual,
                Impact = impact,
                InherentLevel = matrix.LevelOf(inherent, impact),
                ResidualLevel = residualLevel,
                Treatment = decision?.Treatment,
                Acceptance = decision?.Acceptance,
                AcceptanceCurrent = acceptanceCurrent,
                AboveTolerance = matrix.Rank(residualLevel) > toleranceRank,
                RaisedBy = [.. raisedBy],
                LoweredBy = [.. lowered],
                Explanation = why.ToString(),
            });
        }

        return new RiskRegister
        {
            Matrix = matrix,
            Tolerance = policy.RiskTolerance,
            Stages = [.. stages],
            Entries =
            [
                .. entries
                    .OrderByDescending(e => matrix.Rank(e.ResidualLevel))
                    .ThenByDescending(e => e.ResidualLikelihood * e.Impact)
                    .ThenBy(e => e.ThreatId, StringComparer.Ordinal),
            ],
        };
    }
}
