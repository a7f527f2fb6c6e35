using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Scans tar archives (POSIX ustar, GNU, pax), including PyTorch 0.1.1 checkpoints. Members are scanned in place
/// (no copy); links, devices and FIFOs are reported and never followed.
/// </summary>
internal sealed class TarScanner : IFormatScanner
{
    private static readonly string[] LegacyMembers = ["pickle", "storages", "tensors"];

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.Tar];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => ArchiveRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        var reader = TarReader.Read(input.Stream, session.Limits.MaxMembers, session.CancellationToken);
        foreach (var (message, offset) in reader.Problems)
        {
            session.Report(ArchiveRules.StructureCorrupt, message, input.Location.At(offset));
        }

        if (reader.MemberLimitReached)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"The archive holds more than {session.Limits.MaxMembers:N0} members (limit); only the first {session.Limits.MaxMembers:N0} were checked.",
                input.Location);
        }

        if (reader.EndMarker is { } end)
        {
            ReportDataAfterEnd(input, session, end);
        }

        var scanMembers = input.Depth + 1 <= session.Limits.MaxDepth;
        if (!scanMembers && reader.Members.Count > 0)
        {
            session.Report(
                CoreScanRules.LimitReached,
                $"Nesting deeper than {session.Limits.MaxDepth} levels (limit); the archive's members were not scanned.",
                input.Location);
        }

        var files = reader.Members.Where(member => member.HasData).Select(member => member.Name).ToHashSet(StringComparer.Ordinal);
        var legacy = LegacyMembers.All(files.Contains);
        if (legacy)
        {
            session.Report(
                ArchiveRules.PyTorchLegacyTar,
                "The archive is a PyTorch 0.1.1 checkpoint (sys_info, pickle, storages, tensors); torch.load unpickles its members.",
                input.Location);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in reader.Members)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var location = input.Location.Enter(member.Name);
            MemberNames.Check(session, member.Name, location, "member name", member.Name);
            if (member.HasData && !seen.Add(member.Name))
            {
                session.Report(
                    ArchiveRules.DuplicateMemberName,
                    $"The member name '{MemberNames.Printable(member.Name)}' appears more than once; Python's tarfile reads the last copy (each was scanned).",
                    location,
                    evidence: [new("offset", member.HeaderOffset.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }

            if (!member.HasData)
            {
                ReportSpecial(session, member, location);
                continue;
            }

            if (member.Sparse)
            {
                session.Report(ArchiveRules.UnsupportedMember, $"The member '{MemberNames.Printable(member.Name)}' is a GNU sparse file, whose data Rampart does not rebuild; it was not scanned.", location);
                continue;
            }

            if (!scanMembers)
            {
                continue;
            }

            using var data = new SubStream(input.Stream, member.DataOffset, member.Size);
            var nested = Unpacking.Nested(input, data, member.Name);
            if (legacy && member.Name is "pickle" or "sys_info")
            {
                session.ScanAs(nested, ModelFormat.Pickle);
            }
            else if (legacy && member.Name is "storages" or "tensors")
            {
                session.Report(
                    ArchiveRules.UnsupportedMember,
                    $"The legacy member '{member.Name}' interleaves pickles with raw tensor bytes, and torch.load unpickles them; Rampart does not split this layout, so it was not scanned.",
                    location);
            }
            else
            {
                session.Scan(nested);
            }
        }
    }

    private static void ReportSpecial(ScanSession session, TarMember member, ScanLocation location)
    {
        var kind = member.Type switch
        {
            (byte)'1' => "a hard link",
            (byte)'2' => "a symbolic link",
            (byte)'3' => "a character device",
            (byte)'4' => "a block device",
            (byte)'6' => "a FIFO",
            _ => null,
        };
        if (kind is null)
        {
            return;
        }

        var link = member.Type is (byte)'1' or (byte)'2';
        session.Report(
            ArchiveRules.SpecialTarMember,
            link
                ? $"The member '{MemberNames.Printable(member.Name)}' is {kind} to '{MemberNames.Printable(member.LinkName)}'; it was not followed."
                : $"The member '{MemberNames.Printable(member.Name)}' is {kind}; model archives hold regular files only.",
            location,
            evidence: link ? [new("target", MemberNames.Printable(member.LinkName))] : null);
        if (link)
        {
            MemberNames.Check(session, member.LinkName, location, "link target", member.Name);
        }
    }

    private static void ReportDataAfterEnd(ScanInput input, ScanSession session, long end)
    {
        var stream = input.Stream;
        var buffer = new byte[81920];
        stream.Position = end;
        var position = end;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var nonZero = buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0);
            if (nonZero >= 0)
            {
                var start = position + nonZero;
                session.Report(
                    ArchiveRules.UnlistedData,
                    $"{stream.Length - start:N0} bytes at offset {start:N0}, after the end-of-archive marker, belong to no listed member.",
                    input.Location.At(start),
                    evidence: [new("length", (stream.Length - start).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
                return;
            }

            position += read;
        }
    }
}
