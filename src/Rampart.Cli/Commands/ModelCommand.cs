using System.CommandLine;
using Rampart.ML.Onnx;
using Rampart.ML.Training;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart model info PATH</c>: what an ONNX model takes, gives and is made of.</summary>
internal static class ModelCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "The ONNX file." };
        var info = new Command("info", "Show an ONNX model's inputs, outputs, operators, opsets, size and provenance metadata.") { path };
        info.SetAction(parse => Info(context, parse.GetValue(path)!));
        var command = new Command("model", "Inspect models.") { info };
        return command;
    }

    private static int Info(CliContext context, string path)
    {
        OnnxPredictor model;
        try
        {
            model = OnnxPredictor.Load(path);
        }
        catch (OnnxFormatException ex)
        {
            return context.UsageError($"{path}: {ex.Message}");
        }

        var m = model.Model;
        var o = context.Out;
        o.WriteLine($"file:        {path} ({m.SizeBytes} bytes, sha256 {m.Sha256})");
        o.WriteLine($"format:      ONNX IR {m.IrVersion}, ai.onnx opset {m.OpsetVersion}, producer {m.Producer}");
        o.WriteLine($"input:       {m.InputName} float {m.InputShape} ({model.Info.FeatureCount} features)");
        o.WriteLine($"output:      {m.OutputName} ({m.OutputMode}), {model.Info.Kind.ToString().ToLowerInvariant()} with {model.Info.OutputCount} output(s){(model.Info.ClassLabels.IsEmpty ? string.Empty : $": {string.Join(", ", model.Info.ClassLabels)}")}");
        o.WriteLine($"graph:       {m.NodeCount} nodes; operators {string.Join(", ", m.Operators)}");
        o.WriteLine($"gradients:   {m.GradientUnavailableReason ?? "available"}");
        foreach (var note in m.Notes)
        {
            o.WriteLine($"note:        {note}");
        }

        foreach (var (key, value) in m.Metadata)
        {
            o.WriteLine(key == ModelTraining.FeatureMapKey
                ? $"metadata:    {key} = (feature map, {value.Length} characters)"
                : $"metadata:    {key} = {value}");
        }

        return ExitCodes.Ok;
    }
}
