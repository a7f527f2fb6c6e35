using System.Buffers.Binary;
using System.Diagnostics;
using Rampart.ModelFiles.Pickle;
using static Rampart.ModelFiles.Tests.Pickle.PickleTesting;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Limits, streaming and expansion attacks.</summary>
public sealed class PickleLimitTests
{
    [Fact]
    public void Scan_OpcodeLimit_IsUnscannableAndKeepsEarlierFindings()
    {
        var b = new PickleBuilder().Proto(2).Global("os", "system").Text("id").Tuple1().Reduce().Pop();
        for (var i = 0; i < 50; i++)
        {
            b.None().Pop();
        }

        var report = Scan(b.None().Stop().ToArray(), new ScanOptions { Limits = ScanLimits.Default with { MaxPickleOpcodes = 20 } });

        Assert.Equal([PickleRules.CodeExecution.Id, CoreScanRules.LimitReached.Id], report.Findings.Select(finding => finding.RuleId));
        Assert.Equal(FileVerdict.Dangerous, report.Verdict);
    }

    [Fact]
    public void Scan_StackLimit_IsUnscannable()
    {
        var b = new PickleBuilder().Proto(2);
        for (var i = 0; i < 300; i++)
        {
            b.Mark();
        }

        var report = Scan(b.None().Stop().ToArray(), new ScanOptions { Limits = ScanLimits.Default with { MaxPickleStack = 100 } });

        var finding = Single(report, CoreScanRules.LimitReached);
        Assert.Equal(102, finding.Location.Offset);
        Assert.Equal(FileVerdict.Unscannable, report.Verdict);
    }

    [Fact]
    public void Scan_MemoLimit_IsUnscannable()
    {
        var b = new PickleBuilder().Proto(4).None();
        for (var i = 0; i < 30; i++)
        {
            b.Memoize();
        }

        var report = Scan(b.Stop().ToArray(), new ScanOptions { Limits = ScanLimits.Default with { MaxPickleMemo = 10 } });

        Single(report, CoreScanRules.LimitReached);
    }

    [Fact]
    public void Scan_MemoFanOutAndDupStorm_StayFastAndClean()
    {
        // A list appended to itself 200,000 times, then 90,000 copies of a 60 KB string on the stack: values are
        // shared by reference, never copied.
        var b = new PickleBuilder().Proto(4).EmptyList().Memoize();
        for (var i = 0; i < 200_000; i++)
        {
            b.Get(0).Append();
        }

        b.Mark().Text(new string('x', 60_000));
        for (var i = 0; i < 90_000; i++)
        {
            b.Dup();
        }

        b.Op('1');
        var bytes = b.Stop().ToArray();
        var clock = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var report = Scan(bytes);

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200L << 20, "allocated more than 200 MB");
    }

    [Fact]
    public void Scan_HugeBytesOperand_IsSkippedNotRead()
    {
        // 8 GiB of BINBYTES8 payload between a small head and STOP; only the head, the tail and the sniffer's probes are read.
        const long payload = 8L << 30;
        var head = new byte[11];
        head[0] = 0x80;
        head[1] = 4;
        head[2] = 0x8E;
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(3), payload);
        using var stream = new SparseStream(head, payload, [(byte)'.']);

        var report = new ModelScanner().ScanStream(stream, "huge.pkl");

        Assert.Equal(FileVerdict.Clean, report.Verdict);
        Assert.True(stream.BytesRead < 1 << 20, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public void Scan_LongTextOperandsBeyondTheInMemoryLimit_AreKeptShort()
    {
        var b = new PickleBuilder().Proto(4).Mark();
        for (var i = 0; i < 20; i++)
        {
            b.BinUnicode(new string('a', 100_000));
        }

        var report = Scan(b.Op('l').Stop().ToArray(), new ScanOptions { Limits = ScanLimits.Default with { MaxInMemoryOperandBytes = 1024 } });

        Assert.Equal(FileVerdict.Clean, report.Verdict);
    }

    /// <summary>A read-only stream of a head, a run of zeros and a tail, counting the bytes read.</summary>
    private sealed class SparseStream(byte[] head, long gap, byte[] tail) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => head.Length + gap + tail.Length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Clamp(Length - Position, 0, count);
            for (var i = 0; i < n; i++)
            {
                var at = Position + i;
                buffer[offset + i] = at < head.Length ? head[at] : at >= head.Length + gap ? tail[at - head.Length - gap] : (byte)0;
            }

            Position += n;
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
