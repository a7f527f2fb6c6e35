using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Rampart.ML.Predictors;

namespace Rampart.ML.Http;

/// <summary>Reads KServe v2 model metadata and settles the input and the output to use, by the documented rules.</summary>
internal static class KServeV2Metadata
{
    /// <summary>Input datatypes Rampart can send.</summary>
    public static readonly ImmutableArray<string> InputDatatypes = ["FP32", "FP64", "INT64", "BOOL"];

    private static readonly ImmutableArray<string> FloatTypes = ["FP16", "BF16", "FP32", "FP64"];
    private static readonly ImmutableArray<string> IntegerTypes = ["INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "BOOL"];

    /// <summary>Parses the metadata body and plans the calls.</summary>
    /// <param name="root">The parsed body.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="who">Names the model in messages.</param>
    /// <param name="url">The metadata URL.</param>
    /// <param name="source">Where the model is, for <see cref="PredictorInfo.Source"/>.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PredictorException">Listing every reason the model cannot be used.</exception>
    public static KServeV2Plan Plan(JsonElement root, KServeV2PredictorOptions options, string who, Uri url, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PredictorException($"{who}: the metadata from {url} is {ValueReader.Describe(root)}, not a KServe v2 model metadata object.");
        }

        if (ServerMessage.FromElement(root) is { } error && !root.TryGetProperty("inputs", out _))
        {
            throw new PredictorException($"{who}: {url} answered with an error: {error}");
        }

        KServeModelMetadata? metadata;
        try
        {
            metadata = root.Deserialize(HttpPredictorJsonContext.Default.KServeModelMetadata);
        }
        catch (JsonException ex)
        {
            throw new PredictorException($"{who}: the metadata from {url} does not have the KServe v2 shape ({ex.Message}).", ex);
        }

        if (metadata?.Inputs is null || metadata.Outputs is null)
        {
            var hint = root.TryGetProperty("model_version_status", out _) || root.TryGetProperty("metadata", out _)
                ? " (it looks like TensorFlow Serving's v1 API)"
                : "";
            throw new PredictorException(
                $"{who}: the metadata from {url} has no 'inputs' and 'outputs' lists{hint}; is this a KServe v2 endpoint?");
        }

        var problems = new List<string>();
        var input = PlanInput(metadata.Inputs, options, problems);
        var output = PlanOutput(metadata.Outputs, options, problems);
        if (problems.Count > 0)
        {
            throw new PredictorException($"{who} ({url}) cannot be used:" + string.Concat(problems.Select(p => "\n- " + p)));
        }

        var labelOnly = output.LabelOnly;
        var info = new PredictorInfo
        {
            FeatureCount = input.Features,
            FeatureNames = options.FeatureNames.IsDefault ? [] : options.FeatureNames,
            Kind = labelOnly ? PredictionKind.Classification : options.Kind,
            ClassLabels = labelOnly || options.ClassLabels.IsDefault ? [] : options.ClassLabels,
            OutputCount = output.Columns,
            Source = labelOnly
                ? $"kserve-v2 {source} output '{output.Name}' (labels only: one column holding the predicted class index)"
                : $"kserve-v2 {source} output '{output.Name}'",
        };
        return new KServeV2Plan
        {
            InputName = input.Name,
            InputDatatype = input.Datatype,
            OutputName = output.Name,
            LabelOnly = labelOnly,
            MaxRows = input.FixedRows is > 0 and var fixedRows ? (int)Math.Min(fixedRows, options.MaxBatchSize) : options.MaxBatchSize,
            Info = info,
        };
    }

    private static (string Name, string Datatype, int Features, long FixedRows) PlanInput(
        List<KServeTensorMetadata> inputs, KServeV2PredictorOptions options, List<string> problems)
    {
        if (inputs.Count != 1)
        {
            problems.Add($"the model has {inputs.Count} inputs ({Names(inputs)}); Rampart sends one [rows, features] tensor.");
            return ("", "", 0, 0);
        }

        var input = inputs[0];
        var name = input.Name ?? "";
        var datatype = (input.Datatype ?? "").ToUpperInvariant();
        if (name.Length == 0)
        {
            problems.Add("the input has no name.");
        }

        if (!InputDatatypes.Contains(datatype))
        {
            problems.Add($"input '{name}' has datatype {Show(input.Datatype)}; Rampart sends {string.Join(", ", InputDatatypes)}.");
        }

        var features = 0;
        long fixedRows = 0;
        if (input.Shape is not { Count: 2 } shape)
        {
            problems.Add($"input '{name}' has shape {Shape(input.Shape)}; Rampart needs a 2-D [rows, features] input.");
        }
        else
        {
            fixedRows = shape[0];
            if (shape[1] > 0)
            {
                features = shape[1] > int.MaxValue ? int.MaxValue : (int)shape[1];
                if (options.FeatureCount is { } wanted && wanted != features)
                {
                    problems.Add($"input '{name}' takes {features} features, but FeatureCount is {wanted}.");
                }
            }
            else if (options.FeatureCount is { } wanted)
            {
                features = wanted;
            }
            else if (!options.FeatureNames.IsDefaultOrEmpty)
            {
                features = options.FeatureNames.Length;
            }
            else
            {
                problems.Add($"input '{name}' has a variable feature dimension {Shape(shape)}; set FeatureCount.");
            }

            if (features > 0 && !options.FeatureNames.IsDefaultOrEmpty && options.FeatureNames.Length != features)
            {
                problems.Add($"FeatureNames has {options.FeatureNames.Length} names but input '{name}' takes {features} features.");
            }
        }

        return (name, datatype, features, fixedRows);
    }

    private static (string Name, int Columns, bool LabelOnly) PlanOutput(
        List<KServeTensorMetadata> outputs, KServeV2PredictorOptions options, List<string> problems)
    {
        KServeTensorMetadata? chosen;
        if (options.OutputName is { } wanted)
        {
            chosen = outputs.Find(o => o.Name == wanted);
            if (chosen is null)
            {
                problems.Add($"there is no output named '{wanted}' (outputs: {Names(outputs)}).");
                return ("", 0, false);
            }
        }
        else
        {
            chosen = Choose(outputs, problems);
            if (chosen is null)
            {
                return ("", 0, false);
            }
        }

        var name = chosen.Name ?? "";
        var datatype = (chosen.Datatype ?? "").ToUpperInvariant();
        var isFloat = FloatTypes.Contains(datatype);
        if (!isFloat && !IntegerTypes.Contains(datatype))
        {
            problems.Add($"output '{name}' has datatype {Show(chosen.Datatype)}, not a numeric one.");
            return (name, 0, false);
        }

        if (chosen.Shape is not { Count: 1 or 2 } shape)
        {
            problems.Add($"output '{name}' has shape {Shape(chosen.Shape)}; Rampart reads [rows, columns] or [rows].");
            return (name, 0, false);
        }

        var declared = shape.Count == 1 ? 1 : shape[1];
        var labelOnly = !isFloat && declared == 1 && options.Kind == PredictionKind.Classification;
        // A label-only output has one column whatever the class labels are; they name the indices it returns.
        var wantedColumns = labelOnly
            ? options.OutputCount
            : options.OutputCount ?? (options.ClassLabels.IsDefaultOrEmpty ? null : options.ClassLabels.Length);

        int columns;
        if (declared > 0)
        {
            columns = declared > int.MaxValue ? int.MaxValue : (int)declared;
            if (wantedColumns is { } w && w != columns)
            {
                problems.Add($"output '{name}' has {columns} columns, but the options give {w} (OutputCount or ClassLabels).");
            }
        }
        else if (wantedColumns is { } w)
        {
            columns = w;
        }
        else
        {
            problems.Add($"output '{name}' has a variable column dimension {Shape(shape)}; set OutputCount or ClassLabels.");
            columns = 0;
        }

        return (name, columns, labelOnly);
    }

    private static KServeTensorMetadata? Choose(List<KServeTensorMetadata> outputs, List<string> problems)
    {
        string Type(KServeTensorMetadata o) => (o.Datatype ?? "").ToUpperInvariant();

        var matrices = outputs.FindAll(o => FloatTypes.Contains(Type(o)) && o.Shape is { Count: 2 });
        if (matrices.Count == 1)
        {
            return matrices[0];
        }

        if (matrices.Count > 1)
        {
            var probabilities = matrices.FindAll(o => o.Name?.Contains("prob", StringComparison.OrdinalIgnoreCase) == true);
            if (probabilities.Count == 1)
            {
                return probabilities[0];
            }

            problems.Add($"several floating-point [N, C] outputs ({Names(matrices)}) and no single one named like 'prob'; set OutputName.");
            return null;
        }

        var vectors = outputs.FindAll(o => FloatTypes.Contains(Type(o)) && o.Shape is { Count: 1 });
        if (vectors.Count == 1)
        {
            return vectors[0];
        }

        var labels = outputs.FindAll(o => IntegerTypes.Contains(Type(o)) && o.Shape is { Count: 1 } or [_, 1]);
        if (vectors.Count == 0 && labels.Count == 1)
        {
            return labels[0];
        }

        problems.Add($"no output can be chosen by rule among {outputs.Count} ({Describe(outputs)}); set OutputName.");
        return null;
    }

    private static string Names(List<KServeTensorMetadata> tensors) =>
        tensors.Count == 0 ? "none" : string.Join(", ", tensors.Select(t => $"'{t.Name}'"));

    private static string Describe(List<KServeTensorMetadata> tensors) =>
        tensors.Count == 0 ? "none" : string.Join(", ", tensors.Select(t => $"'{t.Name}' {t.Datatype} {Shape(t.Shape)}"));

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;

    /// <summary>Formats a shape for messages.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>For example <c>[-1, 4]</c>.</returns>
    internal static string Shape(IEnumerable<long>? shape) =>
        shape is null ? "(none)" : "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
