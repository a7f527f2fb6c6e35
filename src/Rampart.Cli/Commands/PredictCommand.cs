using System.CommandLine;
using System.Globalization;
using System.Text;
using Rampart.ML.Data;
using Rampart.ML.Onnx;
using Rampart.ML.Predictors;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart predict</c>: run a model (ONNX file or KServe v2 URL) on a CSV.</summary>
internal static class PredictCommand
{
    private static readonly Option<string> Model = new("--model") { Description = ModelArgument.Description, Required = true };
    private static readonly Option<string> Data = new("--data") { Description = "The CSV to predict (header row required).", Required = true };
    private static readonly Option<string?> Label = new("--label") { Description = "A label column in the CSV to leave out of the features (models trained by Rampart know theirs)." };
    private static readonly Option<string> Format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "csv" }.AcceptOnlyFromAmong("csv", "json");

    public static Command Create(CliContext context)
    {
        var command = new Command("predict", "Predict class probabilities for every row of a CSV with an ONNX model or a KServe v2 endpoint.") { Model, Data, Label, Format };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var modelArg = parse.GetValue(Model)!;
        IPredictor predictor;
        FeatureMap? map = null;
        string? trainedLabel = null;
        string[]? trainedClasses = null;
        try
        {
            if (ModelArgument.IsUrl(modelArg))
            {
                if (await ModelArgument.ConnectAsync(context, modelArg, cancellationToken).ConfigureAwait(false) is not { } remote)
                {
                    return ExitCodes.Usage;
                }

                predictor = remote;
            }
            else
            {
                var onnx = OnnxPredictor.Load(modelArg);
                predictor = onnx;
                if (onnx.Model.Metadata.TryGetValue(ModelTraining.FeatureMapKey, out var json))
                {
                    var parsed = FeatureMap.FromJson(json, modelArg);
                    if (!parsed.IsValid)
                    {
                        return context.Problems(parsed.Problems, "in the model's feature map");
                    }

                    map = parsed.Value;
                }

                onnx.Model.Metadata.TryGetValue("rampart.label", out trainedLabel);
                if (onnx.Model.Metadata.TryGetValue("rampart.class_labels", out var labels) && labels.Split(',') is { } split && split.Length == onnx.Info.OutputCount)
                {
                    trainedClasses = split;
                }
            }
        }
        catch (OnnxFormatException ex)
        {
            return context.UsageError($"{modelArg}: {ex.Message}");
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }

        var read = await TabularDatasetReader.ReadAsync(parse.GetValue(Data)!, new DatasetReadOptions(), cancellationToken).ConfigureAwait(false);
        if (!read.IsValid)
        {
            return context.Problems(read.Problems, "in the data; nothing was predicted");
        }

        var data = read.Value!;
        if (map is null)
        {
            // A model Rampart did not train: its features are the CSV's numeric columns, in order.
            var label = parse.GetValue(Label) ?? trainedLabel;
            var nonNumeric = data.Columns.Where(c => c.Name != label && c.Type != ColumnType.Numeric).Select(c => c.Name).ToList();
            if (nonNumeric.Count > 0)
            {
                return context.UsageError($"The model has no Rampart feature map, so every column must be numeric; these are not: {string.Join(", ", nonNumeric)}. Leave them out or name the label with --label.");
            }

            var fitted = FeatureMap.Fit(data, new FeatureMapOptions { Exclude = label is null ? [] : [label] });
            if (!fitted.IsValid)
            {
                return context.Problems(fitted.Problems, "in the arguments");
            }

            map = fitted.Value!;
        }

        var encoded = map.Encode(data);
        if (!encoded.IsValid)
        {
            return context.Problems(encoded.Problems, "in the data; nothing was predicted");
        }

        if (encoded.Value!.Columns != predictor.Info.FeatureCount)
        {
            return context.UsageError($"The data gives {encoded.Value.Columns} features; the model takes {predictor.Info.FeatureCount}.");
        }

        Rampart.ML.Tensors.FloatMatrix probabilities;
        try
        {
            probabilities = await predictor.PredictAsync(encoded.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (PredictorException ex)
        {
            context.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.ToolError;
        }

        var classes = trainedClasses ?? (predictor.Info.ClassLabels.IsEmpty
            ? [.. Enumerable.Range(0, probabilities.Columns).Select(i => i.ToString(CultureInfo.InvariantCulture))]
            : predictor.Info.ClassLabels.ToArray());
        context.Out.Write(parse.GetValue(Format) == "json" ? Json(modelArg, classes, probabilities) : Csv(classes, probabilities));
        return ExitCodes.Ok;
    }

    private static string Csv(string[] classes, Rampart.ML.Tensors.FloatMatrix p)
    {
        var sb = new StringBuilder();
        sb.Append("row,prediction");
        foreach (var c in classes)
        {
            sb.Append(",p_").Append(Rampart.Reporting.Catalogue.CatalogueFormatter.CsvField(c));
        }

        sb.Append("\r\n");
        for (var r = 0; r < p.Rows; r++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r + 1},{Rampart.Reporting.Catalogue.CatalogueFormatter.CsvField(classes[ModelTraining.ArgMax(p.Row(r))])}");
            foreach (var v in p.Row(r))
            {
                sb.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
            }

            sb.Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Json(string model, string[] classes, Rampart.ML.Tensors.FloatMatrix p)
    {
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("classes");
            foreach (var c in classes)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteStartArray("rows");
            for (var r = 0; r < p.Rows; r++)
            {
                w.WriteStartObject();
                w.WriteNumber("row", r + 1);
                w.WriteString("prediction", classes[ModelTraining.ArgMax(p.Row(r))]);
                w.WriteStartArray("probabilities");
                foreach (var v in p.Row(r))
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
