using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Rampart.Assessments;
using Rampart.Catalogue;
using Rampart.Checks;
using Rampart.Manifest;
using Rampart.Risk;

namespace Rampart.Engine;

/// <summary>
/// Runs the checks that apply to a system and assembles the assessment: findings, measurements, requirement
/// coverage, statement of applicability, risk register and gate decision. A check that throws becomes a tool
/// notification; the run goes on.
/// </summary>
/// <param name="catalogue">The catalogue.</param>
/// <param name="checks">The available checks.</param>
public sealed class AssessmentEngine(SecurityCatalogue catalogue, IReadOnlyList<ICheck> checks)
{
    private const string EvidenceCheckId = "GOV-EVIDENCE";

    private static readonly HashSet<string> EvidenceProblemRules = new(StringComparer.Ordinal)
    {
        Checks.Governance.GovernanceRules.EvidenceMissing.Id,
        Checks.Governance.GovernanceRules.EvidenceChanged.Id,
        Checks.Governance.GovernanceRules.AttestationWithoutEvidence.Id,
    };

    /// <summary>Rampart's version, from the assembly.</summary>
    public static string ToolVersion { get; } =
        typeof(AssessmentEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs an assessment.</summary>
    /// <param name="manifest">The system.</param>
    /// <param name="options">Run settings.</param>
    /// <param name="cancellationToken">Cancels the run; checks in flight are asked to stop.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    /// <exception cref="ArgumentException">When the gate stage is unknown.</exception>
    public async Task<Assessment> RunAsync(SystemManifest manifest, AssessmentOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        var startedAt = options.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(startedAt.UtcDateTime);
        var gateStage = options.GateStage is null ? null
            : catalogue.FindStage(options.GateStage) ?? throw new ArgumentException($"Unknown stage '{options.GateStage}'.", nameof(options));

        // Every check sees the run's start time, so a run that crosses midnight has one "today".
        var context = new CheckContext { Manifest = manifest, Catalogue = catalogue, Time = new FrozenTime(startedAt), Seed = options.Seed };
        var (applicable, skipped) = Select(manifest);

        var results = new ConcurrentDictionary<string, (CheckRun Run, CheckResult Result)>(StringComparer.Ordinal);
        var notifications = new ConcurrentBag<ToolNotification>();
        var completed = 0;
        await Parallel.ForEachAsync(
            applicable,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            async (check, token) =>
            {
                var descriptor = check.Descriptor;
                options.Progress?.CheckStarted(descriptor.Id, descriptor.Title);
                CheckRun run;
                CheckResult result;
                try
                {
                    result = await check.RunAsync(context, token).ConfigureAwait(false);
                    run = Run(descriptor, CheckOutcome.Ran, null, result);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A failing check must not stop the run: it becomes a tool notification.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    notifications.Add(new ToolNotification { CheckId = descriptor.Id, Message = ex.Message, ExceptionType = ex.GetType().FullName ?? ex.GetType().Name });
                    result = CheckResult.Empty;
                    run = Run(descriptor, CheckOutcome.Error, ex.Message, result);
                }

                results[descriptor.Id] = (run, result);
                options.Progress?.CheckFinished(run, Interlocked.Increment(ref completed), applicable.Count);
            }).ConfigureAwait(false);

        var findings = results.Values.SelectMany(r => r.Result.Findings)
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Logical, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        var measurements = results.Values.SelectMany(r => r.Result.Measurements)
            .OrderBy(m => m.CheckId, StringComparer.Ordinal)
            .ThenBy(m => m.Metric, StringComparer.Ordinal)
            .ThenBy(m => m.Subject, StringComparer.Ordinal)
            .ToImmutableArray();
        var charts = results.Values.SelectMany(r => r.Result.Charts)
            .OrderBy(c => c.CheckId, StringComparer.Ordinal)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToImmutableArray();
        var runs = results.Values.Select(r => r.Run).Concat(skipped).OrderBy(r => r.Id, StringComparer.Ordinal).ToImmutableArray();

        var currentStages = catalogue.StagesUpTo(manifest.System.Stage).Select(s => s.Id).ToImmutableArray();
        var registerStages = gateStage is not null && gateStage.Order > catalogue.FindStage(manifest.System.Stage)!.Order
            ? catalogue.StagesUpTo(gateStage.Id).Select(s => s.Id).ToImmutableArray()
            : currentStages;

        var applicability = Applicability(manifest, runs, findings, registerStages, today);
        var coverage = Coverage(manifest, runs, findings, registerStages, today);
        var register = RiskCalculator.Build(catalogue, manifest, registerStages, findings, measurements, applicability, today);

        return new Assessment
        {
            ToolVersion = ToolVersion,
            CatalogueVersion = catalogue.Version,
            StartedAt = startedAt,
            Seed = options.Seed,
            System = Describe(manifest),
            Checks = runs,
            Rules = [.. applicable.SelectMany(c => c.Descriptor.Rules).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)],
            Findings = findings,
            Measurements = measurements,
            Charts = charts,
            Notifications = [.. notifications.OrderBy(n => n.CheckId, StringComparer.Ordinal)],
            Coverage = coverage,
            RiskRegister = register,
            Applicability = applicability,
            Gate = gateStage is null ? null : StageGate.Decide(catalogue, gateStage.Id, coverage, register),
            FailOn = options.FailOn ?? manifest.Policy.FailOn,
        };
    }

    private (List<ICheck> Applicable, List<CheckRun> Skipped) Select(SystemManifest manifest)
    {
        var current = catalogue.FindStage(manifest.System.Stage)!;
        var kinds = ThreatApplicability.KindsOf(manifest);
        var applicable = new List<ICheck>();
        var skipped = new List<CheckRun>();
        foreach (var check in checks.OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal))
        {
            var d = check.Descriptor;
            string? reason = null;
            if (!d.Stages.IsEmpty && !d.Stages.Any(s => catalogue.FindStage(s) is { } stage && stage.Order <= current.Order))
            {
                reason = $"applies from stage {string.Join(" or ", d.Stages)}; the system is at {current.Id}";
            }
            else if (!d.AssetKinds.IsEmpty && !d.AssetKinds.Any(kinds.Contains))
            {
                reason = $"needs a {string.Join(" or ", d.AssetKinds.Select(k => k.ToString().ToLowerInvariant()))} asset; the manifest has none";
            }

            if (reason is null)
            {
                applicable.Add(check);
            }
            else
            {
                skipped.Add(new CheckRun { Id = d.Id, Title = d.Title, Outcome = CheckOutcome.NotApplicable, Reason = reason, Techniques = d.Techniques });
            }
        }

        return (applicable, skipped);
    }

    private static CheckRun Run(CheckDescriptor d, CheckOutcome outcome, string? reason, CheckResult result) => new()
    {
        Id = d.Id,
        Title = d.Title,
        Outcome = outcome,
        Reason = reason,
        FindingCount = result.Findings.Length,
        Techniques = d.Techniques,
        Passed = outcome == CheckOutcome.Ran && result.Findings.All(f => f.Severity < Severity.Medium)
            && result.Measurements.All(m => m.Verdict != Verdict.Fail),
        Covered = result.Covered,
    };

    private ImmutableArray<TechniqueApplicability> Applicability(SystemManifest manifest, ImmutableArray<CheckRun> runs, ImmutableArray<Finding> findings, ImmutableArray<string> stages, DateOnly today)
    {
        var attestations = manifest.Attestations.ToDictionary(a => a.Subject, StringComparer.Ordinal);
        var stageSet = stages.ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<TechniqueApplicability>();
        foreach (var technique in catalogue.Techniques)
        {
            var applicable = technique.Phases.IsEmpty
                || technique.Phases.Any(p => catalogue.StagesOfPhase(p).Any(s => stageSet.Contains(s.Id)));
            var evidence = new List<string>();
            var weight = 0.0;
            var attestedNotApplicable = false;
            var implementing = runs.Where(r => r.Techniques.Contains(technique.Id, StringComparer.Ordinal) && r.Outcome == CheckOutcome.Ran).ToList();
            foreach (var run in implementing)
            {
                evidence.Add(run.Passed ? $"check {run.Id} passed" : $"check {run.Id} ran with {run.FindingCount} finding(s)");
            }

            // Checks credit a technique only when every check that implements it passed.
            if (implementing.Count > 0 && implementing.All(r => r.Passed))
            {
                weight = 1;
            }

            if (attestations.TryGetValue(technique.Id, out var attestation))
            {
                var status = Checks.Governance.EvidenceCheck.Format(attestation.Status);
                var problem = AttestationProblem(attestation, manifest, runs, findings, today);
                evidence.Add($"attested {status} by {attestation.Owner} on {attestation.Date:yyyy-MM-dd}{(problem is null ? string.Empty : $" ({problem})")}"
                    + string.Concat(attestation.Evidence.Select(e => $"; evidence {e.Path}")));
                if (problem is null)
                {
                    weight = Math.Max(weight, attestation.Status switch
                    {
                        AttestationStatus.Implemented => 1,
                        AttestationStatus.Partial => 0.5,
                        _ => 0,
                    });
                }

                if (attestation.Status == AttestationStatus.NotApplicable && !string.IsNullOrWhiteSpace(attestation.Notes))
                {
                    applicable = false;
                    attestedNotApplicable = true;
                }
            }

            result.Add(new TechniqueApplicability
            {
                TechniqueId = technique.Id,
                Applicable = applicable,
                AttestedNotApplicable = attestedNotApplicable,
                Implemented = weight >= 1,
                Weight = weight,
                Evidence = [.. evidence],
            });
        }

        return result.ToImmutable();
    }

    private ImmutableArray<RequirementStatus> Coverage(SystemManifest manifest, ImmutableArray<CheckRun> runs, ImmutableArray<Finding> findings, ImmutableArray<string> stages, DateOnly today)
    {
        var attestations = manifest.Attestations.ToDictionary(a => a.Subject, StringComparer.Ordinal);
        var runsById = runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var stageSet = stages.ToHashSet(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<RequirementStatus>();
        foreach (var requirement in catalogue.Requirements.Where(r => stageSet.Contains(r.Stage)))
        {
            var basis = new List<string>();

            // What the linked checks say: a check speaks for a requirement only when it examined it (Covered);
            // it fails the requirement when one of its findings names the requirement.
            CoverageState? byCheck = null;
            var examined = requirement.Checks.Select(id => runsById.GetValueOrDefault(id))
                .Where(r => r is { Outcome: CheckOutcome.Ran } && r.Covered.Contains(requirement.Id, StringComparer.Ordinal))
                .Select(r => r!).ToList();
            if (examined.Count > 0)
            {
                var against = findings.Where(f => requirement.Checks.Contains(f.CheckId, StringComparer.Ordinal)
                    && f.Requirements.Contains(requirement.Id, StringComparer.Ordinal)).ToList();
                byCheck = against.Count == 0 ? CoverageState.VerifiedByCheck : CoverageState.Failing;
                basis.AddRange(against.Count == 0
                    ? examined.Select(r => $"check {r.Id} examined it and found nothing")
                    : against.Select(f => $"{f.RuleId}: {f.Message}"));
            }

            // What the attestation says.
            CoverageState? byAttestation = null;
            if (attestations.TryGetValue(requirement.Id, out var attestation))
            {
                basis.Add($"attested {Checks.Governance.EvidenceCheck.Format(attestation.Status)} by {attestation.Owner} on {attestation.Date:yyyy-MM-dd}");
                var problem = AttestationProblem(attestation, manifest, runs, findings, today);
                byAttestation = attestation.Status switch
                {
                    AttestationStatus.NotApplicable when !string.IsNullOrWhiteSpace(attestation.Notes) => CoverageState.NotApplicable,
                    AttestationStatus.NotApplicable => CoverageState.Unaddressed,
                    AttestationStatus.NotImplemented => CoverageState.NotImplemented,
                    _ when problem is "stale" => CoverageState.Stale,
                    _ when problem is not null => CoverageState.EvidenceInvalid,
                    AttestationStatus.Partial => CoverageState.Partial,
                    _ => CoverageState.Attested,
                };
                if (problem is not null)
                {
                    basis.Add(problem);
                }
            }

            // A failing check outweighs any attestation, and an owner's "not implemented" outweighs a passing
            // check (a check cannot prove a process the owner says is absent). Otherwise a passing check
            // verifies the requirement on its own.
            var state = byCheck == CoverageState.Failing ? CoverageState.Failing
                : byAttestation == CoverageState.NotImplemented ? CoverageState.NotImplemented
                : byCheck ?? byAttestation ?? CoverageState.Unaddressed;
            result.Add(new RequirementStatus
            {
                RequirementId = requirement.Id,
                Stage = requirement.Stage,
                Role = requirement.Role,
                Level = requirement.Level,
                State = state,
                Basis = [.. basis],
            });
        }

        return result.ToImmutable();
    }

    /// <summary>Why an attestation cannot be relied on, or <c>null</c>: evidence missing, changed or absent, dated in the future, or stale.</summary>
    private static string? AttestationProblem(Attestation attestation, SystemManifest manifest, ImmutableArray<CheckRun> runs, ImmutableArray<Finding> findings, DateOnly today)
    {
        // Evidence problems come from GOV-EVIDENCE; when it did not run, evidence is unchecked, not intact.
        if (attestation.Status is AttestationStatus.Implemented or AttestationStatus.Partial
            && !runs.Any(r => r.Id == EvidenceCheckId && r.Outcome == CheckOutcome.Ran))
        {
            return $"evidence unchecked: {EvidenceCheckId} did not run";
        }

        var evidence = findings.FirstOrDefault(f => EvidenceProblemRules.Contains(f.RuleId) && f.Location.Logical == attestation.Subject);
        if (evidence is not null && attestation.Status is AttestationStatus.Implemented or AttestationStatus.Partial)
        {
            return $"{evidence.RuleId}: {evidence.Message}";
        }

        if (attestation.Date > today)
        {
            return $"dated {attestation.Date:yyyy-MM-dd}, after the assessment date";
        }

        return attestation.Date.AddDays(manifest.Policy.EvidenceMaxAgeDays) < today ? "stale" : null;
    }

    private static AssessedSystem Describe(SystemManifest manifest)
    {
        var bytes = File.Exists(manifest.FilePath) ? File.ReadAllBytes(manifest.FilePath) : Encoding.UTF8.GetBytes(manifest.FilePath);
        var counts = ImmutableSortedDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        counts["models"] = manifest.Assets.Models.Length;
        counts["datasets"] = manifest.Assets.Datasets.Length;
        counts["services"] = manifest.Assets.Services.Length;
        counts["dependencies"] = manifest.Assets.Dependencies.Length;
        return new AssessedSystem
        {
            Name = manifest.System.Name,
            Description = manifest.System.Description,
            Owner = manifest.System.Owner,
            Stage = manifest.System.Stage,
            Criticality = manifest.System.Criticality,
            Impact = manifest.System.Impact,
            ManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            AssetCounts = counts.ToImmutable(),
        };
    }
}
