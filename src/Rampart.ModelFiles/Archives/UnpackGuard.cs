using Rampart.ModelFiles.IO;

namespace Rampart.ModelFiles.Archives;

/// <summary>
/// Reads a decompressor's output for <see cref="IO.SpillBuffer"/> while enforcing the unpacking limits: the
/// compression ratio against the packed size, and the file's total through <see cref="ScanSession.CountDecompressed"/>.
/// Computes the CRC-32 of what it passes on. A decoder failure ends the output instead of throwing, so that what was
/// unpacked before the damage is still scanned; <see cref="Error"/> tells what happened.
/// </summary>
internal sealed class UnpackGuard : ForwardReadStream
{
    private const long RatioFloorBytes = 1 << 20;

    private readonly Stream _inner;
    private readonly ScanSession _session;
    private readonly long _packedLength;

    /// <summary>Creates the guard.</summary>
    /// <param name="inner">The decompressor.</param>
    /// <param name="session">The session, for limits and the total.</param>
    /// <param name="packedLength">The packed size the ratio is measured against.</param>
    public UnpackGuard(Stream inner, ScanSession session, long packedLength)
    {
        _inner = inner;
        _session = session;
        _packedLength = Math.Max(1, packedLength);
    }

    /// <summary>Bytes passed on so far.</summary>
    public long Produced { get; private set; }

    /// <summary>CRC-32 of the bytes passed on.</summary>
    public uint Crc { get; private set; }

    /// <summary>Why decoding stopped early, or <c>null</c>.</summary>
    public string? Error { get; private set; }

    /// <summary>Whether the ratio limit stopped the output (a compression bomb).</summary>
    public bool IsBomb { get; private set; }

    /// <inheritdoc />
    public override long Position
    {
        get => Produced;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (Error is not null)
        {
            return 0;
        }

        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception error) when (IsDecoderFailure(error))
        {
            Error = error.Message;
            return 0;
        }

        if (read <= 0)
        {
            return 0;
        }

        Produced += read;
        Crc = Checksums.Crc32(Crc, buffer[..read]);
        _session.CountDecompressed(read);
        var ratio = _session.Limits.MaxCompressionRatio;
        if (Produced > RatioFloorBytes && Produced > _packedLength * ratio)
        {
            IsBomb = true;
            throw new ScanLimitException(
                $"{_packedLength:N0} packed bytes unpack to more than {Produced:N0} bytes, a ratio above {ratio:N0} (limit): a decompression bomb.");
        }

        return read;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Whether an exception thrown by a decoder means bad input. Third-party decoders throw many types on corrupt
    /// data (InvalidDataException, index errors, their own data-error types), so every exception counts except
    /// limits, cancellation and memory exhaustion.
    /// </summary>
    /// <param name="error">The exception.</param>
    /// <returns>Whether it is a decoding failure.</returns>
    public static bool IsDecoderFailure(Exception error) =>
        error is not (OperationCanceledException or ScanLimitException or MalformedFileException or OutOfMemoryException);
}
