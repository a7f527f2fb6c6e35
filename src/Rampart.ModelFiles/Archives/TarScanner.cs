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
                ScanLegacyRecords(input, session, member, data, location);
            }
            else
            {
                session.Scan(nested);
            }
        }
    }

    /// <summary>
    /// Scans the pickles of a PyTorch 0.1.1 <c>storages</c> or <c>tensors</c> member, skipping the raw bytes between
    /// them as torch's legacy_load reads them: <c>storages</c> is a count pickle, then per storage a record pickle
    /// (key, location, storage type), an int64 element count and the elements, then a storage-views pickle;
    /// <c>tensors</c> is a count pickle, then per tensor a record pickle and its int32 dimension count, 4 padding bytes,
    /// sizes, strides (int64 each) and an int64 storage offset.
    /// </summary>
    private static void ScanLegacyRecords(ScanInput input, ScanSession session, TarMember member, SubStream data, ScanLocation location)
    {
        using var buffered = new BufferedStream(data, 1 << 16);
        var tensors = member.Name == "tensors";
        long position = 0;
        var index = 0;
        Span<byte> field = stackalloc byte[8];
        while (position < data.Length)
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            var extent = PickleExtent.Measure(buffered, position, session.Limits.MaxPickleOpcodes);
            if (extent is null)
            {
                ReportUnsplittable(session, member, location, position, "no complete pickle starts there");
                return;
            }

            var (end, globals) = extent.Value;
            using (var segment = new SubStream(data, position, end - position))
            {
                session.ScanAs(Unpacking.Nested(input, segment, $"{member.Name}[{index}]", member.Name), ModelFormat.Pickle);
            }

            index++;
            position = end;
            if (index == 1 || position >= data.Length)
            {
                // The first pickle is the count, and nothing but the views pickle ends a storages member.
                continue;
            }

            long rawBytes;
            if (tensors)
            {
                var dimensions = ZipDirectory.TryReadAt(data, position, field[..4]) ? System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(field) : -1;
                if (dimensions is < 0 or > 64)
                {
                    ReportUnsplittable(session, member, location, position, "the tensor's dimension count is missing or out of range");
                    return;
                }

                rawBytes = 8 + (16L * dimensions) + 8;
            }
            else
            {
                var elementSize = globals.Select(StorageElementSize).LastOrDefault(size => size > 0);
                var count = ZipDirectory.TryReadAt(data, position, field) ? System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(field) : -1;
                if (elementSize == 0 || count < 0 || count > (data.Length - position) / elementSize)
                {
                    ReportUnsplittable(session, member, location, position, "the storage's type or element count is missing or out of range");
                    return;
                }

                rawBytes = 8 + (count * elementSize);
            }

            if (rawBytes > data.Length - position)
            {
                ReportUnsplittable(session, member, location, position, "the raw bytes run past the end of the member");
                return;
            }

            position += rawBytes;
        }
    }

    private static int StorageElementSize(string global) => global.Replace("torch.cuda.", "torch.", StringComparison.Ordinal) switch
    {
        "torch.DoubleStorage" or "torch.LongStorage" or "torch.ComplexFloatStorage" => 8,
        "torch.FloatStorage" or "torch.IntStorage" => 4,
        "torch.HalfStorage" or "torch.ShortStorage" or "torch.BFloat16Storage" => 2,
        "torch.CharStorage" or "torch.ByteStorage" or "torch.BoolStorage" => 1,
        "torch.ComplexDoubleStorage" => 16,
        _ => 0,
    };

    private static void ReportUnsplittable(ScanSession session, TarMember member, ScanLocation location, long offset, string reason) =>
        session.Report(
            ArchiveRules.UnsupportedMember,
            $"The legacy member '{member.Name}' could not be split into its pickles at offset {offset:N0} ({reason}); the rest of it was not scanned.",
            location.At(offset));

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
