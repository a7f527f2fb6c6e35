using System.CommandLine;
using Rampart.Signing.Signing;

namespace Rampart.Cli.Commands;

/// <summary><c>rampart keygen --out PREFIX</c>: writes an ECDSA signing key pair, PREFIX.pem and PREFIX.pub.pem.</summary>
internal static class KeygenCommand
{
    private static readonly Option<string> Out = new("--out", "-o") { Description = "The key file prefix: writes PREFIX.pem (private, mode 0600 on Unix) and PREFIX.pub.pem (public).", Required = true };

    private static readonly Option<string> Curve = new Option<string>("--curve")
    {
        Description = "The curve: p256 (SHA-256, the default), p384 (SHA-384) or p521 (SHA-512).",
        DefaultValueFactory = _ => "p256",
    }.AcceptOnlyFromAmong("p256", "p384", "p521");

    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite existing key files." };

    public static Command Create(CliContext context)
    {
        var command = new Command("keygen", "Generate an ECDSA key pair for signing models (rampart sign) and labels.") { Out, Curve, Force };
        command.SetAction((parse, token) => RunAsync(context, parse, token));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var prefix = parse.GetValue(Out)!;
        var privatePath = prefix + ".pem";
        var publicPath = prefix + ".pub.pem";
        if (!parse.GetValue(Force))
        {
            var existing = new[] { privatePath, publicPath }.Where(p => File.Exists(p) || Directory.Exists(p)).ToList();
            if (existing.Count > 0)
            {
                foreach (var path in existing)
                {
                    context.Error.WriteLine($"error: '{path}' already exists; nothing was written (use --force to replace it).");
                }

                return ExitCodes.Usage;
            }
        }

        var (curve, curveName) = parse.GetValue(Curve) switch
        {
            "p384" => (SigningCurve.P384, "P-384 (SHA-384)"),
            "p521" => (SigningCurve.P521, "P-521 (SHA-512)"),
            _ => (SigningCurve.P256, "P-256 (SHA-256)"),
        };
        using var key = SigningKey.Generate(curve);
        // Created with mode 0600 on Unix, so the private key is never readable by others, even briefly.
        if (!await AtomicFile.TryWriteAsync(context, privatePath, System.Text.Encoding.ASCII.GetBytes(key.ExportPrivateKeyPem()), cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        if (!await AtomicFile.TryWriteAsync(context, publicPath, System.Text.Encoding.ASCII.GetBytes(key.PublicKey.Pem), cancellationToken).ConfigureAwait(false))
        {
            return ExitCodes.ToolError;
        }

        context.Out.WriteLine($"private key: {privatePath} (keep it secret)");
        context.Out.WriteLine($"public key:  {publicPath}");
        context.Out.WriteLine($"curve:       {curveName}, key hint {key.PublicKey.Hint}");
        return ExitCodes.Ok;
    }
}
