using System.Globalization;
using System.Numerics;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// The scan of one pickle stream: every stacked pickle until the end, the legacy PyTorch layout (magic number,
/// protocol, sys_info, objects, storage keys, raw storages), trailing bytes, and the shared state and budgets the
/// per-pickle machines use (opcode count, retained values, findings, nested scans).
/// </summary>
internal sealed partial class PickleScan
{
    /// <summary>Byte operands up to this length are kept in memory; longer ones are referred to by offset.</summary>
    public const int InlineBytes = 4096;

    /// <summary>Longest module or global name accepted.</summary>
    public const int MaxNameBytes = 4096;

    /// <summary>Deepest joblib object array inside object array.</summary>
    public const int MaxArrayNesting = 4;

    private const int MaxKeptText = 1 << 16;
    private const int ShortText = 256;
    private const long RetainedItemBudget = 4_000_000;
    private const long RetainedTextBudget = 64L << 20;

    /// <summary>The legacy PyTorch magic number, 0x1950A86A20F9469CFC6C.</summary>
    private static readonly BigInteger TorchMagic = BigInteger.Parse("01950A86A20F9469CFC6C", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private readonly bool _torchZip;
    private readonly HashSet<string> _reportedUnknown = new(StringComparer.Ordinal);
    private long _opcodes;
    private long _retainedItems;
    private long _retainedText;

    /// <summary>Creates the scan.</summary>
    /// <param name="input">The stream.</param>
    /// <param name="session">The session.</param>
    /// <param name="torchZip">Whether the stream is a PyTorch zip member (persistent ids are storages).</param>
    public PickleScan(ScanInput input, ScanSession session, bool torchZip)
    {
        Input = input;
        Session = session;
        Reader = new PickleReader(input.Stream);
        _torchZip = torchZip;
    }

    /// <summary>The input.</summary>
    public ScanInput Input { get; }

    /// <summary>The session.</summary>
    public ScanSession Session { get; }

    /// <summary>The reader over the input.</summary>
    public PickleReader Reader { get; }

    /// <summary>The policy.</summary>
    public static PicklePolicy Policy => PicklePolicy.Default;

    /// <summary>Whether the first pickle was the legacy PyTorch magic number.</summary>
    public bool LegacyTorch { get; private set; }

    /// <summary>Storages declared by persistent ids: key to element size and element count (when known).</summary>
    public Dictionary<string, (long? ElementSize, BigInteger? Count)> Storages { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes searched for a pickle header after a break.</summary>
    private const int ResyncWindow = 1 << 20;

    /// <summary>Most resumptions after breaks in one file.</summary>
    private const int MaxResyncs = 16;

    /// <summary>Scans every pickle in the stream.</summary>
    public void Run()
    {
        var index = 0;
        var resyncs = 0;
        PickleValue? first = null;
        while (!Reader.AtEnd)
        {
            Session.CancellationToken.ThrowIfCancellationRequested();
            var torch = _torchZip || (LegacyTorch && index == 3);
            var outcome = new PickleMachine(this, index, torch).Run();
            if (outcome.End == PickleEnd.NotAPickle)
            {
                if (index == 0)
                {
                    Report(
                        PickleRules.Malformed,
                        $"The data does not start with a pickle opcode (0x{Reader.ReadAt(0, 1)[0]:X2}).",
                        0,
                        0);
                }
                else
                {
                    ReportTrailing(outcome.Start, index);
                }

                if (!Resync(outcome.Start + 1, ref resyncs))
                {
                    return;
                }

                index++;
                continue;
            }

            if (outcome.End == PickleEnd.Broken)
            {
                if (!Resync(Math.Max(outcome.Start + 1, Reader.Position), ref resyncs))
                {
                    return;
                }

                index++;
                continue;
            }

            var result = outcome.Result!;
            if (index == 0)
            {
                first = result;
                LegacyTorch = result is PickleValue.Integer magic && magic.Value == TorchMagic;
            }
            else if (index == 1 && !LegacyTorch && result is PickleValue.Integer { Value.IsZero: false } version && version.Value == 1001
                && first is PickleValue.Call or PickleValue.Opaque)
            {
                Report(
                    PickleRules.TorchMagic,
                    $"This is laid out as a legacy PyTorch file (the second pickle is protocol version 1001), but the first pickle computes the magic number ({first.Render()}) instead of holding the integer literal.",
                    0,
                    0,
                    evidence: [new("magic", first.Render())]);
            }

            if (LegacyTorch && index == 4 && !SkipLegacyStorages(result))
            {
                return;
            }

            index++;
        }
    }

    /// <summary>
    /// After bytes that are not a pickle (a broken stream, trailing data), looks for the next protocol 2-5 header
    /// within <see cref="ResyncWindow"/> bytes and resumes there: a payload placed after garbage is read by loaders
    /// that skip bad data or retry at another offset ("exception-oriented" bypasses), so it must not go unseen.
    /// </summary>
    /// <param name="from">Where to start looking.</param>
    /// <param name="resyncs">Resumptions so far in this file; at most <see cref="MaxResyncs"/>.</param>
    /// <returns><c>true</c> when a header was found and the reader is positioned on it.</returns>
    private bool Resync(long from, ref int resyncs)
    {
        if (resyncs >= MaxResyncs || from >= Reader.Length)
        {
            return false;
        }

        var window = Reader.ReadAt(from, (int)Math.Min(ResyncWindow, Reader.Length - from));
        for (var i = 0; i + 1 < window.Length; i++)
        {
            if (window[i] == 0x80 && window[i + 1] is >= 2 and <= 5)
            {
                var at = from + i;
                resyncs++;
                Report(
                    PickleRules.Malformed,
                    $"A pickle header (protocol {window[i + 1]}) follows the unparseable bytes at offset {at}; a loader that skips bad data would read from there, so the rest is scanned too.",
                    at,
                    null,
                    evidence: [new("resumed_at", at.ToString(CultureInfo.InvariantCulture))]);
                Reader.Seek(at);
                return true;
            }
        }

        return false;
    }

    // ---- Budgets. ----

    /// <summary>Counts an opcode against <see cref="ScanLimits.MaxPickleOpcodes"/> and checks for cancellation.</summary>
    /// <param name="offset">The opcode's offset.</param>
    public void CountOpcode(long offset)
    {
        if (++_opcodes > Session.Limits.MaxPickleOpcodes)
        {
            throw new ScanLimitException($"The file has more than {Session.Limits.MaxPickleOpcodes:N0} pickle opcodes (limit).") { Offset = offset };
        }

        if ((_opcodes & 1023) == 0)
        {
            Session.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Whether one more container item may be kept (else it is only counted).</summary>
    /// <returns><c>true</c> to keep it.</returns>
    public bool RetainItem() => ++_retainedItems <= RetainedItemBudget;

    /// <summary>How many bytes of a text operand to keep, charging the retained-text budget.</summary>
    /// <param name="length">The operand's length (or <see cref="int.MaxValue"/> for a line of unknown length).</param>
    /// <returns>Bytes to keep.</returns>
    public int TextKeep(long length)
    {
        var keep = (int)Math.Min(length, Math.Min(MaxKeptText, Session.Limits.MaxInMemoryOperandBytes));
        if (_retainedText + keep > RetainedTextBudget)
        {
            keep = Math.Min(keep, ShortText);
        }

        _retainedText += Math.Min(keep, length == int.MaxValue ? ShortText : keep);
        return keep;
    }
}
