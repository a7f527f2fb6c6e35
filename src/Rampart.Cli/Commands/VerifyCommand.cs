using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Rampart.Signing.Signing;
using Rampart.Signing.Verification;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart verify PATH --signature SIG (--key PUB.pem | --certificate-chain CA.pem)</c>: checks an OpenSSF Model
/// Signing signature and the model against it. Exit 0 verified, 2 not verified, 1 bad arguments or missing files.
/// </summary>
internal static class VerifyCommand
{
    private static readonly Argument<string> Model = new("path") { Description = "The model file or folder." };

    private static readonly Option<string> Signature = new("--signature", "-s") { Description = "The signature (Sigstore bundle), for example MODEL/model.sig.", Required = true };

    private static readonly Option<string?> Key = new("--key", "-k") { Description = "Key mode: the signer's ECDSA public key PEM." };

    private static readonly Option<string[]> Chain = new("--certificate-chain") { Description = "Certificate mode: PEM files with the trusted root certificate(s).", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<string[]> Ignore = new("--ignore") { Description = "A file or folder to leave out besides those recorded in the signature.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<bool> NoGit = new("--no-ignore-git-paths") { Description = "Do not leave out .git/, .gitattributes, .github/ and .gitignore unless the signature records them." };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Result format on stdout.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context)
    {
        var command = new Command("verify", "Verify a model's OpenSSF Model Signing signature with a public key or a certificate chain.")
        {
            Model, Signature, Key, Chain, Ignore, NoGit, Format,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var model = parse.GetValue(Model)!;
        var signature = parse.GetValue(Signature)!;
        var keyPath = parse.GetValue(Key);
        var chainPaths = parse.GetValue(Chain) ?? [];
        if ((keyPath is null) == (chainPaths.Length == 0))
        {
            return context.UsageError("give exactly one of --key (key mode) or --certificate-chain (certificate mode).");
        }

        var missing = new List<string>();
        if (!File.Exists(model) && !Directory.Exists(model))
        {
            missing.Add($"the model '{model}' does not exist.");
        }

        if (!File.Exists(signature))
        {
            missing.Add($"the signature '{signature}' does not exist.");
        }

        if (missing.Count > 0)
        {
            foreach (var line in missing)
            {
                context.Error.WriteLine($"error: {line}");
            }

            context.Error.WriteLine("Nothing was verified.");
            return ExitCodes.Usage;
        }

        var options = new VerificationOptions { IgnorePaths = [.. parse.GetValue(Ignore) ?? []], IgnoreGitPaths = !parse.GetValue(NoGit) };
        VerificationResult result;
        string mode;
        try
        {
            if (keyPath is not null)
            {
                mode = "key";
                result = await Task.Run(() => OmsVerifier.VerifyWithPublicKeyFile(model, signature, keyPath, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                mode = "certificate";
                result = await Task.Run(() => OmsVerifier.VerifyWithCertificateChainFiles(model, signature, chainPaths, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (KeyFileException ex)
        {
            return context.UsageError(ex.Message);
        }

        if (parse.GetValue(Format) == "json")
        {
            await context.Out.WriteAsync(Json(model, signature, mode, result)).ConfigureAwait(false);
        }
        else
        {
            Text(context, model, signature, mode, result);
        }

        return result.IsValid ? ExitCodes.Ok : ExitCodes.PolicyFailure;
    }

    private static void Text(CliContext context, string model, string signature, string mode, VerificationResult result)
    {
        var o = context.Out;
        if (result.IsValid)
        {
            var count = result.Statement?.Resources.Length ?? 0;
            o.WriteLine($"verified: '{model}' matches '{signature}' ({mode} mode, {count} signed file{(count == 1 ? "" : "s")})");
        }
        else
        {
            o.WriteLine($"NOT verified: '{model}' against '{signature}' ({mode} mode), {result.Problems.Length} problem{(result.Problems.Length == 1 ? "" : "s")}:");
            foreach (var problem in result.Problems)
            {
                o.WriteLine($"  {problem.Message}");
            }
        }

        foreach (var warning in result.Warnings)
        {
            context.Error.WriteLine($"warning: {warning}");
        }
    }

    private static string Json(string model, string signature, string mode, VerificationResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", result.IsValid);
            w.WriteString("model", model);
            w.WriteString("signature", signature);
            w.WriteString("mode", mode);
            w.WriteStartArray("problems");
            foreach (var problem in result.Problems)
            {
                w.WriteStartObject();
                w.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(problem.Kind.ToString()));
                w.WriteString("message", problem.Message);
                if (problem.Path is null)
                {
                    w.WriteNull("path");
                }
                else
                {
                    w.WriteString("path", problem.Path);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                w.WriteStringValue(warning);
            }

            w.WriteEndArray();
            w.WriteStartObject("files");
            if (result.Statement is { } statement)
            {
                w.WriteNumber("signed", statement.Resources.Length);
            }
            else
            {
                w.WriteNull("signed");
            }

            w.WriteNumber("changed", result.ChangedFiles.Count());
            w.WriteNumber("added", result.AddedFiles.Count());
            w.WriteNumber("removed", result.RemovedFiles.Count());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
