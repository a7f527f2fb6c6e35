using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Rampart.Signing.Manifests;
using Rampart.Signing.Signing;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart sign PATH --key KEY.pem --output SIG</c>: signs a model in the OpenSSF Model Signing format.</summary>
internal static class SignCommand
{
    private static readonly Argument<string> Model = new("path") { Description = "The model file or folder." };

    private static readonly Option<string> Key = new("--key", "-k") { Description = "The ECDSA private key (PKCS#8 PEM, as rampart keygen writes).", Required = true };

    private static readonly Option<string> Output = new("--output", "-o") { Description = "The signature (Sigstore bundle) to write, for example MODEL/model.sig; left out of the signed files.", Required = true };

    private static readonly Option<string[]> Ignore = new("--ignore") { Description = "A file or folder (model-relative or absolute) to leave unsigned; recorded in the signature.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<string?> Certificate = new("--certificate") { Description = "Certificate mode: the PEM certificate of the signing key." };

    private static readonly Option<string[]> Chain = new("--certificate-chain") { Description = "Certificate mode: PEM files with the intermediate certificates, signing certificate's issuer first.", AllowMultipleArgumentsPerToken = true };

    private static readonly Option<bool> NoGit = new("--no-ignore-git-paths") { Description = "Also sign .git/, .gitattributes, .github/ and .gitignore at the model root." };

    public static Command Create(CliContext context)
    {
        var command = new Command("sign", "Sign a model file or folder (OpenSSF Model Signing, files mode, key or certificate mode).")
        {
            Model, Key, Output, Ignore, Certificate, Chain, NoGit,
        };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var model = parse.GetValue(Model)!;
        var output = parse.GetValue(Output)!;
        var certificatePath = parse.GetValue(Certificate);
        var chainPaths = parse.GetValue(Chain) ?? [];
        if (!File.Exists(model) && !Directory.Exists(model))
        {
            return context.UsageError($"'{model}' does not exist; nothing was signed.");
        }

        if (certificatePath is null && chainPaths.Length > 0)
        {
            return context.UsageError("--certificate-chain needs --certificate (the signing key's certificate).");
        }

        if (string.Equals(Path.GetFullPath(output), Path.TrimEndingDirectorySeparator(Path.GetFullPath(model)), StringComparison.Ordinal))
        {
            return context.UsageError($"--output '{output}' is the model itself; give another file for the signature.");
        }

        if (Directory.Exists(output))
        {
            return context.UsageError($"--output '{output}' is a folder; give the signature file to write, for example '{Path.Combine(output, "model.sig")}'.");
        }

        var certificates = new List<X509Certificate2>();
        try
        {
            using var key = SigningKey.Load(parse.GetValue(Key)!);
            var options = new SigningOptions
            {
                IgnorePaths = [.. parse.GetValue(Ignore) ?? []],
                IgnoreGitPaths = !parse.GetValue(NoGit),
                SignaturePath = output,
            };

            Signing.Bundles.SigstoreBundle bundle;
            if (certificatePath is not null)
            {
                var leaf = CertificateFiles.Load(certificatePath);
                certificates.AddRange(leaf);
                var chain = new List<X509Certificate2>(leaf.Skip(1));
                foreach (var path in chainPaths)
                {
                    var loaded = CertificateFiles.Load(path);
                    certificates.AddRange(loaded);
                    chain.AddRange(loaded);
                }

                bundle = OmsSigner.SignWithCertificate(model, key, leaf[0], chain, options, cancellationToken);
            }
            else
            {
                bundle = OmsSigner.SignWithKey(model, key, options, cancellationToken);
            }

            if (!await AtomicFile.TryWriteAsync(context, output, BundleWriter.Write(bundle), cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.ToolError;
            }

            var statement = Signing.Bundles.BundleParser.ParseStatement(bundle.Envelope.Payload.Span);
            context.Out.WriteLine($"signed {statement.Resources.Length} file{(statement.Resources.Length == 1 ? "" : "s")} of '{model}' into '{output}'");
            context.Out.WriteLine($"root digest: sha256:{statement.Subjects[0].Sha256}");
            context.Out.WriteLine(certificatePath is null
                ? $"key mode, key hint {key.PublicKey.Hint}"
                : $"certificate mode, {bundle.VerificationMaterial.CertificateChain.Length} certificate(s), signer {certificates[0].Subject}");
            return ExitCodes.Ok;
        }
        catch (KeyFileException ex)
        {
            return context.UsageError(ex.Message);
        }
        catch (SigningException ex)
        {
            return context.UsageError($"{certificatePath}: {ex.Message}");
        }
        catch (ManifestException ex)
        {
            return context.UsageError($"cannot sign '{model}': {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: cannot read the model '{model}': {ex.Message}");
            return ExitCodes.ToolError;
        }
        finally
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
