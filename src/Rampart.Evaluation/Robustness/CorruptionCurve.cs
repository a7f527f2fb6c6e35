using System.Collections.Immutable;

namespace Rampart.Evaluation.Robustness;

/// <summary>Accuracy under one corruption at increasing severities (the first point is severity 0, the clean data).</summary>
/// <param name="Kind">The corruption.</param>
/// <param name="Points">The points; <see cref="CurvePoint.Epsilon"/> holds the severity.</param>
public sealed record CorruptionCurve(CorruptionKind Kind, ImmutableArray<CurvePoint> Points);
