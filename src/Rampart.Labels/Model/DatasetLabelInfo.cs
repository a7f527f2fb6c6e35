using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.Labels.Model;

/// <summary>
/// What a data owner declares about a dataset (TR 7.3.3 data security label: collection source, provider, collection
/// time, and the owner, purpose, sensitivity, classification and licence a data governance process expects).
/// </summary>
public sealed record DatasetLabelInfo
{
    /// <summary>The longest text accepted in any field, in characters.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Where the data was collected from (a system, survey, URL or vendor feed). Required.</summary>
    public required string Source { get; init; }

    /// <summary>Who provided the data (a person, team or organisation). Required.</summary>
    public required string Provider { get; init; }

    /// <summary>When the data was collected. Required.</summary>
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>Who is accountable for the dataset; optional.</summary>
    public string? Owner { get; init; }

    /// <summary>What the data may be used for (for example "fraud model training"); optional.</summary>
    public string? Purpose { get; init; }

    /// <summary>The declared sensitivity level; optional.</summary>
    public DatasetSensitivity? Sensitivity { get; init; }

    /// <summary>Further classification, such as "personal data" or a data category; optional.</summary>
    public string? Classification { get; init; }

    /// <summary>The licence the data is used under, preferably an SPDX expression; optional.</summary>
    public string? License { get; init; }

    /// <summary>Every problem with these values, with <c>predicate.*</c> field names.</summary>
    /// <returns>The problems; empty when usable.</returns>
    public ImmutableArray<Problem> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<Problem>();
        void Text(string field, string? value, bool required)
        {
            if (value is null || value.Trim().Length == 0)
            {
                if (required)
                {
                    problems.Add(new Problem { Field = field, Message = "must not be empty" });
                }
            }
            else if (value.Length > MaxTextLength)
            {
                problems.Add(new Problem { Field = field, Message = $"is {value.Length} characters, more than the limit of {MaxTextLength}" });
            }
            else if (value.Any(c => char.IsControl(c) && c is not '\t'))
            {
                problems.Add(new Problem { Field = field, Message = "must not contain control characters" });
            }
        }

        Text("predicate.source", Source, required: true);
        Text("predicate.provider", Provider, required: true);
        Text("predicate.owner", Owner, required: false);
        Text("predicate.purpose", Purpose, required: false);
        Text("predicate.classification", Classification, required: false);
        Text("predicate.license", License, required: false);
        if (Sensitivity is { } s && !Enum.IsDefined(s))
        {
            problems.Add(new Problem { Field = "predicate.sensitivity", Message = $"{(int)s} is not a sensitivity level" });
        }

        return problems.ToImmutable();
    }
}
