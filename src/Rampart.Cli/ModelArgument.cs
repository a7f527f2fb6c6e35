using System.Text.RegularExpressions;
using Rampart.Evaluation.Fairness;
using Rampart.ML.Http;
using Rampart.ML.Predictors;

namespace Rampart.Cli;

/// <summary>The <c>--model</c> argument of the evaluation commands: an ONNX file, or a KServe v2 model URL.</summary>
internal static partial class ModelArgument
{
    /// <summary>What <c>--model</c> says it takes.</summary>
    public const string Description = "An ONNX file (models trained by 'rampart train' carry their feature map), or a KServe v2 model URL (http://host:port/v2/models/NAME).";

    /// <summary>Whether the argument is an http or https URL (and so must be a KServe v2 model URL).</summary>
    public static bool IsUrl(string argument) =>
        Uri.TryCreate(argument, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>Connects to a KServe v2 model URL (reading its metadata).</summary>
    /// <param name="context">Where usage errors go.</param>
    /// <param name="argument">The URL.</param>
    /// <param name="cancellationToken">Cancels the metadata request.</param>
    /// <returns>The predictor, or <c>null</c> after printing a usage error for a URL that is not a model URL.</returns>
    /// <exception cref="PredictorException">When the server cannot be reached or its metadata is unusable.</exception>
    public static async Task<KServeV2Predictor?> ConnectAsync(CliContext context, string argument, CancellationToken cancellationToken)
    {
        var match = KServeModelUrl().Match(new Uri(argument).AbsoluteUri);
        if (!match.Success)
        {
            context.UsageError($"--model: '{argument}' is not a KServe v2 model URL (http://host:port/v2/models/NAME).");
            return null;
        }

        return await KServeV2Predictor.CreateAsync(
            new KServeV2PredictorOptions { BaseAddress = new Uri(match.Groups[1].Value + "/"), ModelName = Uri.UnescapeDataString(match.Groups[2].Value) },
            null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the model the argument names, printing what went wrong.</summary>
    /// <param name="context">Where errors go.</param>
    /// <param name="argument">The file or URL.</param>
    /// <param name="what">What was not done on failure, for the summary line (for example <c>nothing was evaluated</c>).</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The model, or the exit code: usage (1) for a bad file or URL, tool error (3) when the server fails.</returns>
    public static async Task<(ModelUnderTest? Model, int ExitCode)> LoadAsync(CliContext context, string argument, string what, CancellationToken cancellationToken)
    {
        try
        {
            if (IsUrl(argument))
            {
                var predictor = await ConnectAsync(context, argument, cancellationToken).ConfigureAwait(false);
                return predictor is null ? (null, ExitCodes.Usage) : (ModelUnderTest.FromPredictor(predictor, argument), ExitCodes.Ok);
            }

            var loaded = ModelUnderTest.LoadOnnx(argument);
            return loaded.IsValid ? (loaded.Value!, ExitCodes.Ok) : (null, context.Problems(loaded.Problems, $"in the model; {what}"));
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return (null, ExitCodes.ToolError);
        }
    }

    [GeneratedRegex(@"^(https?://.+?)/v2/models/([^/?#]+)/?$", RegexOptions.CultureInvariant)]
    private static partial Regex KServeModelUrl();
}
