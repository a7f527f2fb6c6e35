using System.Collections.Immutable;
using System.Globalization;
using Rampart.Diagnostics;
using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>
/// Settings shared by the HTTP predictors: where the model is served, how long to wait, how to retry, how much to
/// send and accept. Validated once when the predictor is built, with every problem reported together.
/// </summary>
public abstract record HttpPredictorOptions
{
    /// <summary>One mebibyte, for sizes.</summary>
    private const long MiB = 1024 * 1024;

    /// <summary>The server's root, for example <c>http://127.0.0.1:8080/</c>; a path prefix (an ingress route) is kept. Required; http or https.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>How long one HTTP attempt may take, headers and body. Default 30 s; a timed-out attempt is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for transient failures (connection errors, timeouts, <see cref="RetryStatusCodes"/>). Default 3; 0 disables retries. 4xx answers are never retried.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Backoff before the first retry; doubles on each retry up to <see cref="RetryMaxDelay"/>, then jittered to 50–100 %. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest backoff between two attempts. Default 5 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP statuses that are retried. Default 502, 503 and 504; only 5xx codes are allowed (4xx are never retried).</summary>
    public ImmutableArray<int> RetryStatusCodes { get; init; } = [502, 503, 504];

    /// <summary>Seed of the random jitter added to backoffs. Default 0; give each process its own seed to spread retries of many clients.</summary>
    public int JitterSeed { get; init; }

    /// <summary>Most HTTP requests in flight at once across all calls of one predictor. Default 4.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Most rows sent in one request; bigger matrices are split into chunks sent concurrently (up to <see cref="MaxConcurrency"/>). Default 256.</summary>
    public int MaxBatchSize { get; init; } = 256;

    /// <summary>Largest response body accepted, in bytes. Default 64 MiB; a bigger body fails the call without being read further.</summary>
    public long MaxResponseBytes { get; init; } = 64 * MiB;

    /// <summary>Deepest JSON nesting accepted in a response. Default 64.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>What to do with <c>NaN</c> / <c>Infinity</c> values in responses. Default <see cref="NonFiniteValueHandling.Accept"/>.</summary>
    public NonFiniteValueHandling NonFiniteValues { get; init; } = NonFiniteValueHandling.Accept;

    /// <summary>The most rows that may be queried over the predictor's life, or <c>null</c> (the default) for no limit.</summary>
    public long? QueryBudget { get; init; }

    /// <summary>Classification (the default) or regression.</summary>
    public PredictionKind Kind { get; init; } = PredictionKind.Classification;

    /// <summary>Class labels in output column order (classification); empty by default. When set, their count must match the output columns.</summary>
    public ImmutableArray<string> ClassLabels { get; init; } = [];

    /// <summary>Output columns, when the server cannot tell (MLflow, or a KServe output with a variable second dimension); <c>null</c> by default.</summary>
    public int? OutputCount { get; init; }

    /// <summary>Feature names in column order; empty by default. When set, their count must match the features.</summary>
    public ImmutableArray<string> FeatureNames { get; init; } = [];

    /// <summary>The clock used for timeouts and backoff delays. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every setting and lists every problem found.</summary>
    /// <returns>The problems, empty when the options are valid.</returns>
    public ImmutableArray<Problem> Validate()
    {
        var problems = new List<Problem>();
        AddProblems(problems);
        return [.. problems];
    }

    /// <summary>Adds the problems of this record's settings; derived records call the base first.</summary>
    /// <param name="problems">Where to add them.</param>
    private protected virtual void AddProblems(List<Problem> problems)
    {
        if (BaseAddress is null)
        {
            Add(problems, nameof(BaseAddress), "is required (for example http://127.0.0.1:8080/).");
        }
        else if (!BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
        {
            Add(problems, nameof(BaseAddress), $"must be an absolute http or https URL, not '{BaseAddress}'.");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.Query) || !string.IsNullOrEmpty(BaseAddress.Fragment))
        {
            Add(problems, nameof(BaseAddress), $"must not carry a query or fragment: '{BaseAddress}'.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromHours(1))
        {
            Add(problems, nameof(Timeout), $"must be more than 0 and at most 1 hour, not {Format(Timeout)}.");
        }

        if (MaxRetries is < 0 or > 20)
        {
            Add(problems, nameof(MaxRetries), $"must be between 0 and 20, not {MaxRetries}.");
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            Add(problems, nameof(RetryBaseDelay), $"cannot be negative ({Format(RetryBaseDelay)}).");
        }

        if (RetryMaxDelay < RetryBaseDelay || RetryMaxDelay > TimeSpan.FromMinutes(10))
        {
            Add(problems, nameof(RetryMaxDelay), $"must be at least {nameof(RetryBaseDelay)} and at most 10 minutes, not {Format(RetryMaxDelay)}.");
        }

        foreach (var code in RetryStatusCodes.IsDefault ? [] : RetryStatusCodes)
        {
            if (code is < 500 or > 599)
            {
                Add(problems, nameof(RetryStatusCodes), $"may only hold 5xx statuses; {code} is not retried safely.");
            }
        }

        if (MaxConcurrency is < 1 or > 1024)
        {
            Add(problems, nameof(MaxConcurrency), $"must be between 1 and 1024, not {MaxConcurrency}.");
        }

        if (MaxBatchSize < 1)
        {
            Add(problems, nameof(MaxBatchSize), $"must be at least 1, not {MaxBatchSize}.");
        }

        if (MaxResponseBytes < 2 || MaxResponseBytes > Array.MaxLength)
        {
            Add(problems, nameof(MaxResponseBytes), $"must be between 2 and {Array.MaxLength}, not {MaxResponseBytes}.");
        }

        if (MaxJsonDepth is < 2 or > 1000)
        {
            Add(problems, nameof(MaxJsonDepth), $"must be between 2 and 1000, not {MaxJsonDepth}.");
        }

        if (!Enum.IsDefined(NonFiniteValues))
        {
            Add(problems, nameof(NonFiniteValues), $"is not a known value ({(int)NonFiniteValues}).");
        }

        if (!Enum.IsDefined(Kind))
        {
            Add(problems, nameof(Kind), $"is not a known value ({(int)Kind}).");
        }

        if (QueryBudget is < 0)
        {
            Add(problems, nameof(QueryBudget), $"cannot be negative ({QueryBudget}).");
        }

        if (OutputCount is < 1)
        {
            Add(problems, nameof(OutputCount), $"must be at least 1, not {OutputCount}.");
        }

        if (!ClassLabels.IsDefaultOrEmpty)
        {
            if (Kind == PredictionKind.Regression)
            {
                Add(problems, nameof(ClassLabels), "must be empty for a regression model.");
            }

            if (OutputCount is { } count && count != ClassLabels.Length)
            {
                Add(problems, nameof(ClassLabels), $"has {ClassLabels.Length} labels but {nameof(OutputCount)} is {count}.");
            }

            CheckNames(problems, nameof(ClassLabels), ClassLabels);
        }

        if (!FeatureNames.IsDefaultOrEmpty)
        {
            CheckNames(problems, nameof(FeatureNames), FeatureNames);
        }

        if (TimeProvider is null)
        {
            Add(problems, nameof(TimeProvider), "is required.");
        }
    }

    /// <summary>Adds a problem about one setting.</summary>
    /// <param name="problems">The list.</param>
    /// <param name="field">The setting.</param>
    /// <param name="message">What is wrong.</param>
    private protected static void Add(List<Problem> problems, string field, string message) =>
        problems.Add(new Problem { Field = field, Message = message });

    /// <summary>Formats a duration for messages.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>For example <c>1.5 s</c>.</returns>
    internal static string Format(TimeSpan value) =>
        value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    /// <summary>Throws when the options are invalid, listing every problem.</summary>
    /// <param name="component">What the options configure, for the message.</param>
    /// <exception cref="ArgumentException">When there are problems.</exception>
    internal void EnsureValid(string component)
    {
        var problems = Validate();
        if (!problems.IsEmpty)
        {
            throw new ArgumentException(
                $"Invalid {component} options ({problems.Length} problem{(problems.Length == 1 ? "" : "s")}):"
                + string.Concat(problems.Select(p => "\n- " + p)));
        }
    }

    private static void CheckNames(List<Problem> problems, string field, ImmutableArray<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                Add(problems, $"{field}[{i}]", "must not be empty.");
            }
            else if (!seen.Add(names[i]))
            {
                Add(problems, $"{field}[{i}]", $"repeats '{names[i]}'.");
            }
        }
    }
}
