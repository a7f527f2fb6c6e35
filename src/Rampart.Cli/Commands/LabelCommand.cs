using System.CommandLine;
using System.Globalization;
using Rampart.Labels;
using Rampart.Labels.Model;
using Rampart.Labels.Verification;
using Rampart.Ledger.Events;
using Rampart.Signing.Signing;

namespace Rampart.Cli.Commands;

/// <summary>
/// <c>rampart label create</c> signs a dataset security label (TR 7.3.3) for a CSV file; <c>rampart label verify</c>
/// checks a dataset against its label and names the rows that changed.
/// </summary>
internal static class LabelCommand
{
    private static readonly Argument<string> Dataset = new("dataset") { Description = "The CSV dataset (a header row, then data rows)." };

    private static readonly Argument<string> Label = new("label") { Description = "The label file written by 'rampart label create'." };

    private static readonly Option<string> PrivateKey = new("--key", "-k") { Description = "ECDSA private key (PKCS#8 PEM, P-256 or P-384), as 'rampart keygen' writes it.", Required = true };

    private static readonly Option<string> PublicKey = new("--key", "-k") { Description = "The owner's ECDSA public key (SubjectPublicKeyInfo PEM).", Required = true };

    private static readonly Option<string> Source = new("--source") { Description = "Where the data was collected from.", Required = true };

    private static readonly Option<string> Provider = new("--provider") { Description = "Who provided the data.", Required = true };

    private static readonly Option<string> CollectedAt = new("--collected-at") { Description = "When the data was collected: an RFC 3339 date-time with a zone, or a date (midnight UTC).", Required = true };

    private static readonly Option<string?> Owner = new("--owner") { Description = "Who is accountable for the dataset." };

    private static readonly Option<string?> Purpose = new("--purpose") { Description = "What the data may be used for." };

    private static readonly Option<string?> Sensitivity = new Option<string?>("--sensitivity") { Description = "The sensitivity level." }
        .AcceptOnlyFromAmong("public", "internal", "confidential", "restricted");

    private static readonly Option<string?> Classification = new("--classification") { Description = "Further classification, for example 'personal data'." };

    private static readonly Option<string?> License = new("--license") { Description = "The licence the data is used under (an SPDX expression)." };

    private static readonly Option<string?> Separator = new("--separator") { Description = "The field separator: one character, or 'auto' to pick comma, semicolon or tab from the header (default comma)." };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "The label file (default DATASET.label.json); the row-hash file is written next to it with '.rows' in place of '.json'." };

    private static readonly Option<long?> MaxRows = new("--max-rows") { Description = "The most data rows read (default 10,000,000)." };

    private static readonly Option<int?> MaxReported = new("--max-rows-listed") { Description = "How many rows of each kind are listed with proofs (default 100; counts are always exact)." };

    private static readonly Option<string> Format = new Option<string>("--format", "-f")
    {
        Description = "Report format on stdout.",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json");

    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress on stderr." };

    private static readonly Option<string?> Manifest = LedgerRecorder.ManifestOption();

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var create = new Command("create", "Sign a security label for a CSV dataset: its SHA-256, row count, schema hash and a Merkle root over its rows, with source, provider and collection time.")
        {
            Dataset, PrivateKey, Source, Provider, CollectedAt, Owner, Purpose, Sensitivity, Classification, License, Separator, Output, MaxRows, Quiet, Manifest,
        };
        create.SetAction((parse, token) => CreateAsync(context, parse, token));
        var verify = new Command("verify", "Verify a dataset against its signed label; name the rows changed, added or removed, with proofs. Exit 0 intact, 2 not intact or not validly signed, 1 usage.")
        {
            Dataset, Label, PublicKey, Format, MaxRows, MaxReported, Quiet,
        };
        verify.SetAction((parse, token) => VerifyAsync(context, parse, token));
        return new Command("label", "Dataset security labels (TR 7.3.3 data tracing).") { create, verify };
    }

    private static async Task<int> CreateAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var dataset = parse.GetValue(Dataset)!;
        var keyPath = parse.GetValue(PrivateKey)!;
        if (Missing(context, ("dataset", dataset), ("key", keyPath)) is { } missing)
        {
            return missing;
        }

        if (!LabelStatement.TryParseTime(parse.GetValue(CollectedAt), out var collectedAt))
        {
            return context.UsageError($"--collected-at: '{parse.GetValue(CollectedAt)}' is not an RFC 3339 date-time with a zone (2026-01-15T08:30:00Z) or a date (2026-01-15).");
        }

        var csv = LabelOptions.Default.Csv;
        switch (parse.GetValue(Separator))
        {
            case null:
                break;
            case "auto":
                csv = csv with { DetectSeparator = true };
                break;
            case "\\t" or "tab":
                csv = csv with { Separator = '\t' };
                break;
            case { Length: 1 } one:
                csv = csv with { Separator = one[0] };
                break;
            case var other:
                return context.UsageError($"--separator: '{other}' is not one character, 'tab' or 'auto'.");
        }

        var options = LabelOptions.Default with { Csv = csv, MaxRows = parse.GetValue(MaxRows) ?? LabelOptions.Default.MaxRows };
        if (options.Validate() is { IsEmpty: false } optionProblems)
        {
            return context.Problems(optionProblems, "in the options; no label was written");
        }

        var info = new DatasetLabelInfo
        {
            Source = parse.GetValue(Source)!,
            Provider = parse.GetValue(Provider)!,
            CollectedAt = collectedAt,
            Owner = parse.GetValue(Owner),
            Purpose = parse.GetValue(Purpose),
            Sensitivity = parse.GetValue(Sensitivity) is { } s ? Enum.Parse<DatasetSensitivity>(s, ignoreCase: true) : null,
            Classification = parse.GetValue(Classification),
            License = parse.GetValue(License),
        };

        var ledger = LedgerRecorder.Find(context, parse.GetValue(Manifest), dataset, out var ledgerError);
        if (ledgerError is not null)
        {
            return context.UsageError($"{ledgerError} No label was written.");
        }

        SigningKey key;
        try
        {
            key = SigningKey.Load(keyPath);
        }
        catch (KeyFileException error)
        {
            return context.UsageError($"--key: {error.Message}");
        }

        using (key)
        {
            var labelPath = parse.GetValue(Output) ?? DatasetLabeler.DefaultLabelPath(dataset);
            try
            {
                var created = await DatasetLabeler.CreateAsync(dataset, labelPath, info, key, context.Time, options, Progress(context, parse), cancellationToken).ConfigureAwait(false);
                if (!created.IsValid)
                {
                    return context.Problems(created.Problems, "; no label was written");
                }

                var label = created.Value!.Label;
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Labelled {dataset}: {label.RowCount} rows, {label.Columns.Length} columns, sha256 {label.FileSha256}, row root {label.RowMerkleRoot}.")).ConfigureAwait(false);
                context.Error.WriteLine($"Wrote {created.Value.LabelPath} and {created.Value.RowsPath}.");
                if (ledger is not null)
                {
                    var details = new Dictionary<string, DetailValue>(StringComparer.Ordinal)
                    {
                        ["label"] = DetailValue.Of(ledger.NameOf(Path.GetFullPath(created.Value.LabelPath))),
                        ["rows"] = DetailValue.Of(label.RowCount),
                        ["merkle_root"] = DetailValue.Of(label.RowMerkleRoot),
                        ["schema"] = DetailValue.Of(label.SchemaSha256),
                    };
                    var subject = new EventSubject(ledger.NameOf(Path.GetFullPath(dataset)), label.FileSha256);
                    if (!await LedgerRecorder.RecordAsync(context, ledger, EventKind.DatasetLabelled, [subject], details, cancellationToken).ConfigureAwait(false))
                    {
                        return ExitCodes.ToolError;
                    }
                }

                return ExitCodes.Ok;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"error: cannot write the label '{labelPath}' or its row-hash file: {error.Message}");
                return ExitCodes.ToolError;
            }
        }
    }

    private static async Task<int> VerifyAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var dataset = parse.GetValue(Dataset)!;
        var labelPath = parse.GetValue(Label)!;
        var keyPath = parse.GetValue(PublicKey)!;
        if (Missing(context, ("dataset", dataset), ("label", labelPath), ("key", keyPath)) is { } missing)
        {
            return missing;
        }

        var options = LabelOptions.Default with
        {
            MaxRows = parse.GetValue(MaxRows) ?? LabelOptions.Default.MaxRows,
            MaxReportedRows = parse.GetValue(MaxReported) ?? LabelOptions.Default.MaxReportedRows,
        };
        if (options.Validate() is { IsEmpty: false } optionProblems)
        {
            return context.Problems(optionProblems, "in the options; nothing was verified");
        }

        SigningPublicKey key;
        try
        {
            key = SigningPublicKey.Load(keyPath);
        }
        catch (KeyFileException error)
        {
            return context.UsageError($"--key: {error.Message}");
        }

        var result = await DatasetLabelVerifier.VerifyAsync(dataset, labelPath, key, options, Progress(context, parse), cancellationToken).ConfigureAwait(false);
        var report = parse.GetValue(Format) == "json" ? LabelReport.ToJson(result, dataset, labelPath) : LabelReport.ToText(result, dataset, labelPath);
        await context.Out.WriteAsync(report).ConfigureAwait(false);
        return result.IsIntact ? ExitCodes.Ok : ExitCodes.PolicyFailure;
    }

    private static int? Missing(CliContext context, params (string What, string Path)[] files)
    {
        var missing = files.Where(f => !File.Exists(f.Path)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        foreach (var (what, path) in missing)
        {
            context.Error.WriteLine($"error: the {what} file '{path}' does not exist.");
        }

        return ExitCodes.Usage;
    }

    private static Progress<LabelProgress>? Progress(CliContext context, ParseResult parse) =>
        parse.GetValue(Quiet) ? null : new Progress<LabelProgress>(p =>
        {
            // The reader reports every 65,536 rows and once at the end; the end is not worth a line.
            if (p.Rows > 0 && p.Rows % 65_536 == 0)
            {
                var percent = p.TotalBytes > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({100.0 * p.BytesRead / p.TotalBytes:F0}%)") : "";
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hashed {p.Rows:N0} rows{percent}"));
            }
        });
}
