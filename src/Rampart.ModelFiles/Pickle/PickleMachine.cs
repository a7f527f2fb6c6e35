using System.Buffers.Binary;
using System.Globalization;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// Runs one pickle symbolically, from its first opcode to STOP: a stack with marks (CPython's C unpickler layout: one
/// list and a list of mark positions), a memo, and the current frame. Nothing is executed: imports are judged by the
/// policy and calls are recorded. Errors the real unpickler would also stop at end the run; errors it would raise on
/// values (missing memo key, stack underflow) are reported and the run continues with an opaque value, so that what
/// follows is analysed too.
/// </summary>
internal sealed partial class PickleMachine
{
    private const int MaxFaults = 32;

    private readonly PickleScan _scan;
    private readonly PickleReader _reader;
    private readonly int _index;
    private readonly int _nesting;
    private readonly bool _torch;
    private readonly List<PickleValue> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, PickleValue> _memo = [];
    private readonly List<PickleGlobal> _denied = [];
    private long _frameStart = -1;
    private long _frameEnd = -1;
    private long _offset;
    private int _faults;
    private bool _persistentReported;
    private byte _lastOpcode;

    /// <summary>Creates the machine for the pickle starting at the reader's position.</summary>
    /// <param name="scan">The file being scanned.</param>
    /// <param name="index">The pickle's index among the stacked pickles of the file.</param>
    /// <param name="torch">Whether persistent ids are PyTorch storages here.</param>
    /// <param name="nesting">How deep inside joblib object arrays this pickle is.</param>
    public PickleMachine(PickleScan scan, int index, bool torch, int nesting = 0)
    {
        _scan = scan;
        _reader = scan.Reader;
        _index = index;
        _torch = torch;
        _nesting = nesting;
    }

    private int Fence => _marks.Count == 0 ? 0 : _marks[^1];

    /// <summary>Runs to STOP or to an unrecoverable error.</summary>
    /// <returns>How it ended.</returns>
    public PickleOutcome Run()
    {
        var start = _reader.Position;
        try
        {
            while (true)
            {
                if (Step() is { } result)
                {
                    return new PickleOutcome(PickleEnd.Stopped, result, start);
                }
            }
        }
        catch (PickleStopException stop) when (stop.AtFirstOpcode && _offset == start)
        {
            return new PickleOutcome(PickleEnd.NotAPickle, null, start);
        }
        catch (PickleStopException stop)
        {
            _scan.Report(stop.Rule, stop.Message, _offset, _index);
            return new PickleOutcome(PickleEnd.Broken, null, start);
        }
        catch (EndOfStreamException)
        {
            _scan.Report(
                PickleRules.Malformed,
                $"The pickle that starts at offset {start} ends at offset {_reader.Length} inside the {Name(_lastOpcode)} opcode at offset {_offset}, before its STOP opcode; loading fails there, after the opcodes before it have run.",
                _offset,
                _index);
            return new PickleOutcome(PickleEnd.Broken, null, start);
        }
        finally
        {
            ReportUncalledImports();
        }
    }

    /// <summary>Executes one opcode; returns the result at STOP, else <c>null</c>.</summary>
    private PickleValue? Step()
    {
        _offset = _reader.Position;
        if (_frameEnd >= 0 && _offset >= _frameEnd)
        {
            _frameEnd = -1;
        }

        _scan.CountOpcode(_offset);
        if (_reader.AtEnd)
        {
            throw new EndOfStreamException();
        }

        var opcode = _reader.ReadByte();
        _lastOpcode = opcode;
        var result = Execute(opcode);
        if (_frameEnd >= 0 && _reader.Position > _frameEnd)
        {
            _scan.Report(
                PickleRules.FrameMismatch,
                $"The {Name(opcode)} opcode at offset {_offset} runs {_reader.Position - _frameEnd} bytes past the end of the frame declared at offset {_frameStart} (which ends at offset {_frameEnd}); CPython's Python unpickler fails here and the C unpickler reads on.",
                _offset,
                _index,
                evidence: [new("frame", $"{_frameStart}+{_frameEnd - _frameStart - 9}")]);
            _frameEnd = -1;
        }

        return result;
    }

    private PickleValue? Execute(byte opcode)
    {
        switch (opcode)
        {
            case (byte)'(':
                CheckDepth();
                _marks.Add(_stack.Count);
                return null;
            case (byte)'.':
                return Stop();
            case (byte)'0':
                PopOrPopMark();
                return null;
            case (byte)'1':
                PopMark();
                return null;
            case (byte)'2':
                Push(Top());
                return null;
            case (byte)'F':
                Push(new PickleValue.Constant(PickleText.Latin1(Line(64)).Trim()));
                return null;
            case (byte)'I':
                Push(IntLine(allowBool: true));
                return null;
            case (byte)'J':
                Push(new PickleValue.Integer(BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))));
                return null;
            case (byte)'K':
                Push(new PickleValue.Integer(_reader.ReadByte()));
                return null;
            case (byte)'L':
                Push(IntLine(allowBool: false));
                return null;
            case (byte)'M':
                Push(new PickleValue.Integer(BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))));
                return null;
            case (byte)'N':
                Push(PickleValue.None);
                return null;
            case (byte)'P':
                Persistent(TextLine(ascii: true), "PERSID");
                return null;
            case (byte)'Q':
                Persistent(Pop(), "BINPERSID");
                return null;
            case (byte)'R':
                Reduce();
                return null;
            case (byte)'S':
                Push(QuotedString());
                return null;
            case (byte)'T':
                Push(TextOperand(SignedLength(4), utf8: false));
                return null;
            case (byte)'U':
                Push(TextOperand(_reader.ReadByte(), utf8: false));
                return null;
            case (byte)'V':
                Push(UnicodeLine());
                return null;
            case (byte)'X':
                Push(TextOperand(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)), utf8: true));
                return null;
            case (byte)'a':
                Append(Pop());
                return null;
            case (byte)'b':
                Build();
                return null;
            case (byte)'c':
                Global("GLOBAL");
                return null;
            case (byte)'d':
                Push(MakeDict(PopMark()));
                return null;
            case (byte)'}':
                Push(new PickleValue.Mapping([]));
                return null;
            case (byte)'e':
                foreach (var item in PopMark())
                {
                    Append(item);
                }

                return null;
            case (byte)'g':
                Get(MemoKeyLine());
                return null;
            case (byte)'h':
                Get(_reader.ReadByte());
                return null;
            case (byte)'j':
                Get(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)));
                return null;
            case (byte)'i':
                Inst();
                return null;
            case (byte)'l':
                Push(MakeSequence("list", PopMark()));
                return null;
            case (byte)']':
                Push(new PickleValue.Sequence("list", []));
                return null;
            case (byte)'o':
                Obj();
                return null;
            case (byte)'p':
                Put(MemoKeyLine());
                return null;
            case (byte)'q':
                Put(_reader.ReadByte());
                return null;
            case (byte)'r':
                Put(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)));
                return null;
            case (byte)'s':
                {
                    var value = Pop();
                    var key = Pop();
                    SetItem(key, value);
                    return null;
                }

            case (byte)'t':
                Push(MakeSequence("tuple", PopMark()));
                return null;
            case (byte)')':
                Push(new PickleValue.Sequence("tuple", []));
                return null;
            case (byte)'u':
                {
                    var items = PopMark();
                    if (items.Count % 2 != 0)
                    {
                        Fault($"SETITEMS at offset {_offset} has an odd number of items ({items.Count}).");
                    }

                    for (var i = 0; i + 1 < items.Count; i += 2)
                    {
                        SetItem(items[i], items[i + 1]);
                    }

                    return null;
                }

            case (byte)'G':
                Push(new PickleValue.Constant(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8)).ToString("R", CultureInfo.InvariantCulture)));
                return null;
            case (byte)'B':
                Push(BytesOperand(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))));
                return null;
            case (byte)'C':
                Push(BytesOperand(_reader.ReadByte()));
                return null;
            case 0x80:
                Proto(_reader.ReadByte());
                return null;
            case 0x81:
                {
                    var arguments = Pop();
                    var cls = Pop();
                    Push(Call(cls, arguments, "NEWOBJ"));
                    return null;
                }

            case 0x82:
                Extension(_reader.ReadByte(), "EXT1");
                return null;
            case 0x83:
                Extension(BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2)), "EXT2");
                return null;
            case 0x84:
                Extension(BinaryPrimitives.ReadInt32LittleEndian(Bytes(4)), "EXT4");
                return null;
            case 0x85:
                Push(MakeSequence("tuple", [Pop()]));
                return null;
            case 0x86:
                {
                    var second = Pop();
                    var first = Pop();
                    Push(MakeSequence("tuple", [first, second]));
                    return null;
                }

            case 0x87:
                {
                    var third = Pop();
                    var second = Pop();
                    var first = Pop();
                    Push(MakeSequence("tuple", [first, second, third]));
                    return null;
                }

            case 0x88:
                Push(PickleValue.True);
                return null;
            case 0x89:
                Push(PickleValue.False);
                return null;
            case 0x8A:
                Push(LongOperand(_reader.ReadByte()));
                return null;
            case 0x8B:
                Push(LongOperand(SignedLength(4)));
                return null;
            case 0x8C:
                Push(TextOperand(_reader.ReadByte(), utf8: true));
                return null;
            case 0x8D:
                Push(TextOperand(Length8(), utf8: true));
                return null;
            case 0x8E:
                Push(BytesOperand(Length8()));
                return null;
            case 0x8F:
                Push(new PickleValue.Sequence("set", []));
                return null;
            case 0x90:
                {
                    var items = PopMark();
                    if (Top() is PickleValue.Sequence { Kind: "set" } set)
                    {
                        AddItems(set, items);
                    }
                    else
                    {
                        Fault($"ADDITEMS at offset {_offset} adds to a {Top().KindName}, not a set.");
                    }

                    return null;
                }

            case 0x91:
                Push(MakeSequence("frozenset", PopMark()));
                return null;
            case 0x92:
                {
                    var keywords = Pop();
                    var arguments = Pop();
                    var cls = Pop();
                    Push(Call(cls, MakeSequence("tuple", [arguments, keywords]), "NEWOBJ_EX"));
                    return null;
                }

            case 0x93:
                StackGlobal();
                return null;
            case 0x94:
                Put(_memo.Count);
                return null;
            case 0x95:
                Frame(Length8());
                return null;
            case 0x96:
                Push(BytesOperand(Length8()));
                return null;
            case 0x97:
                Push(new PickleValue.Opaque("out-of-band buffer"));
                return null;
            case 0x98:
                Top();
                return null;
            default:
                throw new PickleStopException(
                    $"The byte 0x{opcode:X2} at offset {_offset} is not a pickle opcode; loading fails there.")
                { AtFirstOpcode = true };
        }
    }

    private PickleValue Stop()
    {
        if (_frameEnd >= 0 && _reader.Position < _frameEnd)
        {
            _scan.Report(
                PickleRules.FrameMismatch,
                $"STOP at offset {_offset} leaves {_frameEnd - _reader.Position} bytes of the frame declared at offset {_frameStart} unread; the Python unpickler skips them, the C unpickler reads them as the next pickle.",
                _offset,
                _index);
        }

        return Pop();
    }

    private void Proto(byte version)
    {
        // Names are resolved the same way at every protocol (see PickleNames.Resolve), so only the range matters.
        if (version > 5)
        {
            throw new PickleStopException($"PROTO at offset {_offset} asks for protocol {version}; Python supports protocols up to 5, so loading fails.");
        }
    }

    private void Frame(long length)
    {
        if (_frameEnd >= 0 && _offset < _frameEnd)
        {
            _scan.Report(
                PickleRules.FrameMismatch,
                $"A new frame starts at offset {_offset} inside the frame declared at offset {_frameStart}, which ends at offset {_frameEnd}.",
                _offset,
                _index);
        }

        if (length > _reader.Remaining)
        {
            _scan.Report(
                PickleRules.FrameMismatch,
                $"The frame at offset {_offset} declares {length} bytes but only {_reader.Remaining} remain.",
                _offset,
                _index);
            _frameEnd = -1;
            return;
        }

        _frameStart = _offset;
        _frameEnd = _reader.Position + length;
    }

    private static string Name(byte opcode) => PickleOpcodes.Name(opcode);
}
