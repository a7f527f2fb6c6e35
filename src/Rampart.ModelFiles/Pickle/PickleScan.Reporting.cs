using System.Globalization;
using Rampart.Checks;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Findings: imports, calls, trailing bytes.</summary>
internal sealed partial class PickleScan
{
    /// <summary>Reports a finding at an offset of a pickle.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="message">The message.</param>
    /// <param name="offset">Byte offset.</param>
    /// <param name="index">The pickle's index, or <c>null</c> for bytes outside any pickle.</param>
    /// <param name="subject">The callable, or <c>null</c>.</param>
    /// <param name="evidence">Evidence, or <c>null</c>.</param>
    /// <param name="severity">A severity other than the rule's.</param>
    /// <param name="verdict">A verdict other than the rule's.</param>
    public void Report(
        ScanRule rule,
        string message,
        long offset,
        int? index,
        string? subject = null,
        IEnumerable<KeyValuePair<string, string>>? evidence = null,
        Severity? severity = null,
        FileVerdict? verdict = null)
    {
        if (Session.Options.Strict && rule.Verdict == FileVerdict.Suspicious)
        {
            verdict ??= FileVerdict.Dangerous;
            severity ??= Severity.High;
        }

        var location = Input.Location.At(offset);
        if (index is { } i)
        {
            location = location.AtNode(string.Create(CultureInfo.InvariantCulture, $"pickle[{i}]"));
        }

        Session.Report(rule, message, location, subject, evidence, severity, verdict);
    }

    /// <summary>Reports an import that is not on the allowlist (once per name and file).</summary>
    /// <param name="global">The import.</param>
    /// <param name="index">The pickle.</param>
    public void ReportUnknown(PickleGlobal global, int index)
    {
        if (!_reportedUnknown.Add(global.Canonical))
        {
            return;
        }

        Report(
            PickleRules.UnknownGlobal,
            $"Imports {global.Canonical} ({global.Opcode} at offset {global.Offset}), which is not on the allowlist of model globals; importing runs the module's code and calling it runs the library's.",
            global.Offset,
            index,
            subject: global.Canonical,
            evidence: ImportEvidence(global));
    }

    /// <summary>Reports a denied import that the pickle never calls.</summary>
    /// <param name="global">The import.</param>
    /// <param name="index">The pickle.</param>
    public void ReportImport(PickleGlobal global, int index)
    {
        var decision = global.Decision;
        Report(
            decision.Rule!,
            $"Imports {decision.Subject} ({global.Opcode} at offset {global.Offset}); the pickle can pass it to other calls or attributes, and the import alone runs module code.",
            global.Offset,
            index,
            subject: decision.Subject,
            evidence: ImportEvidence(global),
            severity: decision.Severity);
    }

    /// <summary>Reports a call of a denied global, scans constant nested data it deserialises, and flags decoded arguments.</summary>
    /// <param name="global">The callable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="opcode">The calling opcode.</param>
    /// <param name="offset">Offset of the calling opcode.</param>
    /// <param name="index">The pickle.</param>
    public void ReportCall(PickleGlobal global, PickleValue arguments, string opcode, long offset, int index)
    {
        var decision = global.Decision;
        var items = arguments is PickleValue.Sequence { Kind: "tuple" } tuple ? tuple.Items : null;
        var rendered = items is null ? $"(*{arguments.Render()})" : $"({string.Join(", ", items.Select(item => item.Render()))})";
        if (rendered.Length > PickleValue.MaxRendering)
        {
            rendered = string.Concat(rendered.AsSpan(0, PickleValue.MaxRendering - 4), "...)");
        }

        var evidence = ImportEvidence(global);
        evidence.Add(new("arguments", rendered));
        evidence.Add(new("call", $"{opcode} at {offset}"));
        Action? scanNested = null;
        if (decision.Loads != LoadsKind.None)
        {
            (var nested, scanNested) = PlanNested(items is { Count: > 0 } ? items[0] : null, decision.Loads, offset);
            evidence.Add(new("nested", nested));
        }

        Report(
            decision.Rule!,
            $"Calls {decision.Subject}{rendered} ({opcode} at offset {offset}); loading the file runs it.",
            offset,
            index,
            subject: decision.Subject,
            evidence: evidence,
            severity: decision.Severity);
        scanNested?.Invoke();

        if (items?.FirstOrDefault(IsDecoded) is { } decoded)
        {
            var decoder = decoded is PickleValue.Bytes { DecodedBy: { } by } ? by
                : decoded is PickleValue.Call { Payload.DecodedBy: { } payloadBy } ? payloadBy
                : (decoded as PickleValue.Call)?.Callable.Render() ?? "a decoder";
            Report(
                PickleRules.ObfuscatedPayload,
                $"The argument of {decision.Subject} at offset {offset} is decoded at load time by {decoder}: an obfuscated second stage.",
                offset,
                index,
                subject: decision.Subject,
                evidence: [new("decoder", decoder)]);
        }
    }

    private static List<KeyValuePair<string, string>> ImportEvidence(PickleGlobal global)
    {
        var evidence = new List<KeyValuePair<string, string>> { new("import", $"{global.Opcode} {global.Raw} at {global.Offset}") };
        if (global.Decision.Subject != global.Canonical)
        {
            evidence.Add(new("resolved", global.Canonical));
        }

        return evidence;
    }

    private static bool IsDecoded(PickleValue value) => value switch
    {
        PickleValue.Bytes { DecodedBy: not null } => true,
        PickleValue.Call { Payload.DecodedBy: not null } => true,
        PickleValue.Call { Callable: PickleValue.Global { Info.Decision.Decode: DecodeKind.Base64 or DecodeKind.Zlib or DecodeKind.Gzip or DecodeKind.Hex } } => true,
        _ => false,
    };

    private void ReportTrailing(long start, int index)
    {
        var length = Reader.Length - start;
        var head = Reader.ReadAt(start, (int)Math.Min(length, 64));
        var blank = length <= 64 && Array.TrueForAll(head, b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0);
        Report(
            PickleRules.TrailingData,
            blank
                ? $"{length} blank bytes follow the last pickle (from offset {start}); pickle.load ignores them."
                : $"{length} bytes after pickle {index - 1} (from offset {start}) are not a pickle; pickle.load ignores them, other readers may not.",
            start,
            null,
            evidence: [new("bytes", length.ToString(CultureInfo.InvariantCulture)), new("head", Convert.ToHexString(head.AsSpan(0, Math.Min(head.Length, 16))))],
            severity: blank ? Severity.Info : null,
            verdict: blank ? FileVerdict.Info : null);
    }
}
