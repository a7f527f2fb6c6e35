using Rampart.Labels.Model;

namespace Rampart.Labels;

/// <summary>What <see cref="DatasetLabeler.CreateAsync"/> wrote.</summary>
public sealed record LabelCreation
{
    /// <summary>The label that was signed.</summary>
    public required DatasetLabel Label { get; init; }

    /// <summary>The label file (a Sigstore bundle v0.3 JSON).</summary>
    public required string LabelPath { get; init; }

    /// <summary>The row-hash companion file.</summary>
    public required string RowsPath { get; init; }
}
