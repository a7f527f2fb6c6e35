using System.Buffers.Binary;
using Rampart.ModelFiles.Formats;
using Rampart.ModelFiles.IO;
using SharpCompress.Archives;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Readers;
using CryptographicException = System.Security.Cryptography.CryptographicException;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Scans 7-Zip archives (the container nullifAI used to slip pickles past scanners) with SharpCompress: each member is
/// unpacked within the limits and scanned. An archive SharpCompress cannot open, or an encrypted one, is unscannable.
/// </summary>
internal sealed class SevenZipScanner : IFormatScanner
{
    private const long RatioFloorBytes = 1 << 20;

    /// <inheritdoc />
    public IReadOnlyList<ModelFormat> Formats { get; } = [ModelFormat.SevenZip];

    /// <inheritdoc />
    public IReadOnlyList<ScanRule> Rules => ArchiveRules.All;

    /// <inheritdoc />
    public void Scan(ScanInput input, ScanSession session)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        CheckSignatureHeader(input, session);
        using var view = new SubStream(input.Stream, 0, input.Length);
        IArchive archive;
        try
        {
            archive = SevenZipArchive.OpenArchive(view, new ReaderOptions { LeaveStreamOpen = true });
        }
        catch (Exception error) when (IsReadFailure(error))
        {
            ReportUnreadable(session, input.Location, error);
            return;
        }

        using (archive)
        {
            var encryptedMember = false;
            try
            {
                ScanEntries(input, session, archive, ref encryptedMember);
            }
            catch (Exception error) when (IsReadFailure(error))
            {
                // Skipping an encrypted member fails in SharpCompress; that member was reported already.
                if (!(encryptedMember && IsEncryption(error)))
                {
                    ReportUnreadable(session, input.Location, error);
                }
            }
        }
    }

    private static void ScanEntries(ScanInput input, ScanSession session, IArchive archive, ref bool encryptedMember)
    {
        var limits = session.Limits;
        if (input.Depth + 1 > limits.MaxDepth)
        {
            session.Report(CoreScanRules.LimitReached, $"Nesting deeper than {limits.MaxDepth} levels (limit); the archive's members were not scanned.", input.Location);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        using var reader = archive.ExtractAllEntries();
        while (reader.MoveToNextEntry())
        {
            session.CancellationToken.ThrowIfCancellationRequested();
            if (++count > limits.MaxMembers)
            {
                session.Report(CoreScanRules.LimitReached, $"The archive holds more than {limits.MaxMembers:N0} members (limit); the rest were not scanned.", input.Location);
                return;
            }

            var entry = reader.Entry;
            var name = entry.Key ?? $"(member {count})";
            var location = input.Location.Enter(name);
            MemberNames.Check(session, name, location, "member name", name);
            if (entry.IsDirectory)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                session.Report(ArchiveRules.DuplicateMemberName, $"The member name '{MemberNames.Printable(name)}' appears more than once; extraction tools keep one copy (each was scanned).", location);
            }

            if (entry.IsEncrypted)
            {
                session.Report(ArchiveRules.EncryptedMember, $"The member '{MemberNames.Printable(name)}' is encrypted; it cannot be scanned.", location);
                encryptedMember = true;
                continue;
            }

            if (entry.Size > limits.MaxDecompressedBytes)
            {
                session.Report(
                    CoreScanRules.LimitReached,
                    $"The member '{MemberNames.Printable(name)}' unpacks to {entry.Size:N0} bytes, more than {limits.MaxDecompressedBytes:N0} (limit); it was not scanned.",
                    location);
                continue;
            }

            if (entry.Size > RatioFloorBytes && entry.Size > input.Length * limits.MaxCompressionRatio)
            {
                session.Report(
                    ArchiveRules.CompressionBomb,
                    $"The member '{MemberNames.Printable(name)}' records {entry.Size:N0} unpacked bytes from an archive of {input.Length:N0}, a ratio above {limits.MaxCompressionRatio:N0} (limit): a decompression bomb.",
                    location);
                continue;
            }

            var unpacked = Unpacking.ToBuffer(session, reader.OpenEntryStream(), input.Length, location, out var guard);
            if (unpacked is null)
            {
                continue;
            }

            using (unpacked)
            {
                if (guard.Error is not null)
                {
                    session.Report(
                        ArchiveRules.CorruptCompressedData,
                        $"The data of member '{MemberNames.Printable(name)}' is corrupt after {guard.Produced:N0} unpacked bytes ({guard.Error}); what unpacked before was scanned.",
                        location);
                    if (unpacked.Length == 0)
                    {
                        continue;
                    }
                }

                session.Scan(Unpacking.Nested(input, unpacked, name));
            }
        }
    }

    /// <summary>
    /// Checks the 32-byte signature header before SharpCompress parses anything: its CRC, and that the header
    /// database it points to lies inside the file. Bytes after that database belong to nothing.
    /// </summary>
    private static void CheckSignatureHeader(ScanInput input, ScanSession session)
    {
        Span<byte> header = stackalloc byte[32];
        if (!ZipDirectory.TryReadAt(input.Stream, 0, header))
        {
            throw new MalformedFileException(ArchiveRules.StructureCorrupt.Id, "The 7-Zip signature header is truncated.", 0);
        }

        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        var nextOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[12..]);
        var nextSize = BinaryPrimitives.ReadUInt64LittleEndian(header[20..]);
        if (Checksums.Crc32(0, header[12..32]) != storedCrc)
        {
            throw new MalformedFileException(ArchiveRules.StructureCorrupt.Id, "The 7-Zip signature header's CRC does not match; the archive is corrupt.", 8);
        }

        var available = (ulong)(input.Length - 32);
        if (nextOffset > available || nextSize > available - nextOffset)
        {
            throw new MalformedFileException(
                ArchiveRules.StructureCorrupt.Id,
                $"The 7-Zip header database ({nextSize:N0} bytes at offset {nextOffset + 32:N0}) lies outside the file.",
                12);
        }

        var end = (long)(32 + nextOffset + nextSize);
        if (end < input.Length)
        {
            session.Report(
                ArchiveRules.UnlistedData,
                $"{input.Length - end:N0} bytes at offset {end:N0}, after the 7-Zip header database, belong to no listed member.",
                input.Location.At(end),
                evidence: [new("length", (input.Length - end).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    private static void ReportUnreadable(ScanSession session, ScanLocation location, Exception error)
    {
        if (IsEncryption(error))
        {
            session.Report(ArchiveRules.EncryptedMember, $"The 7-Zip archive is encrypted ({error.Message}); it cannot be scanned.", location);
            return;
        }

        session.Report(ArchiveRules.UnsupportedMember, $"The 7-Zip archive cannot be read ({error.GetType().Name}: {error.Message}); it was not scanned.", location);
    }

    private static bool IsEncryption(Exception error) =>
        error is CryptographicException or SharpCompress.Common.CryptographicException
        || error.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether SharpCompress failed on the data (many exception types on corrupt input) rather than on a limit or cancellation.</summary>
    private static bool IsReadFailure(Exception error) => UnpackGuard.IsDecoderFailure(error);
}
