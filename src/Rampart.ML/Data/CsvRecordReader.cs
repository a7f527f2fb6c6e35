using System.Buffers;
using System.Security.Cryptography;

namespace Rampart.ML.Data;

/// <summary>
/// A streaming RFC 4180 tokenizer over UTF-8 bytes. It hands out one record at a time as spans into a pooled
/// buffer (no string per field), tracks physical line numbers across quoted line breaks, and reports malformed
/// input to a <see cref="ProblemCollector"/> instead of throwing.
/// </summary>
/// <remarks>
/// A field span is valid only until the next call to <see cref="ReadAsync"/>. Quoted fields are unescaped in
/// place once their record is complete, so a record is never re-parsed after it was handed out.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    private const byte Quote = (byte)'"';
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';
    private const int InitialBuffer = 1 << 20;

    private readonly Stream _stream;
    private readonly CsvOptions _options;
    private readonly ProblemCollector _problems;
    private readonly IncrementalHash? _hash;
    private readonly List<(long Line, int Column, string Message)> _pending = [];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private bool _stopped;
    private long _bytesRead;
    private long _line = 1;
    private byte _separator;
    private FieldSlot[] _fields;
    private int _stored;
    private int _recordEnd;
    private int _recordLastLineStart;
    private long _recordEndLine;

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    /// <param name="stream">The CSV bytes, read once from the current position.</param>
    /// <param name="options">Separator, limits and missing markers.</param>
    /// <param name="problems">Where problems are reported, with line and column.</param>
    /// <param name="hash">A hash fed every byte read (for the file's SHA-256), or <c>null</c>.</param>
    public CsvRecordReader(Stream stream, CsvOptions options, ProblemCollector problems, IncrementalHash? hash)
    {
        _stream = stream;
        _options = options;
        _problems = problems;
        _hash = hash;
        _separator = (byte)options.Separator;
        var size = (int)Math.Min(InitialBuffer, (long)options.MaxLineLength + 1);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1024));
        _fields = new FieldSlot[16];
        FieldCapacity = options.MaxColumns + 1;
    }

    private enum Step
    {
        Record,
        NeedMore,
        End,
    }

    /// <summary>How many fields of a record are kept; later fields are counted but not kept.</summary>
    public int FieldCapacity { get; set; }

    /// <summary>The separator in use (after detection).</summary>
    public char Separator => (char)_separator;

    /// <summary>Fields in the current record, including any past <see cref="FieldCapacity"/>.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The physical line (1-based) where the current record starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>False when the current record had a problem already reported (bad quoting, an over-long field).</summary>
    public bool RecordValid { get; private set; }

    /// <summary>True when reading stopped on an error that makes the rest of the file unreadable.</summary>
    public bool Stopped => _stopped;

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead => _bytesRead;

    /// <summary>Bytes of the stream handed out as records so far (for size estimates).</summary>
    public long BytesConsumed => _bytesRead - (_end - _start);

    /// <summary>One field of the current record (unescaped, without its quotes).</summary>
    /// <param name="index">Field index below <see cref="FieldCapacity"/>.</param>
    /// <returns>The UTF-8 bytes.</returns>
    public ReadOnlySpan<byte> Field(int index)
    {
        ref readonly var slot = ref _fields[index];
        return _buffer.AsSpan(slot.Start, slot.Length);
    }

    /// <summary>The physical line (1-based) where a field starts.</summary>
    /// <param name="index">Field index.</param>
    /// <returns>The line.</returns>
    public long FieldLine(int index) => RecordLine + _fields[index].LineOffset;

    /// <summary>The character column (1-based) where a field starts on its physical line.</summary>
    /// <param name="index">Field index.</param>
    /// <returns>The column.</returns>
    public int FieldColumn(int index) => ColumnOf(_fields[index].LineStart, _fields[index].RawStart);

    /// <summary>The column just past the last field of the current record.</summary>
    /// <returns>The column.</returns>
    public int EndColumn() => ColumnOf(_recordLastLineStart, _recordEnd);

    /// <summary>The physical line where the current record ends.</summary>
    /// <returns>The line.</returns>
    public long EndLine() => _recordEndLine;

    /// <summary>
    /// Chooses the separator from the first line: the most frequent of comma, semicolon and tab outside quotes.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task.</returns>
    public async ValueTask DetectSeparatorAsync(CancellationToken cancellationToken)
    {
        while (!_eof && !HasFirstLine())
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        var span = _buffer.AsSpan(_start, _end - _start);
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var b in span)
        {
            if (b == Quote)
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (b == Lf)
                {
                    break;
                }

                commas += b == (byte)',' ? 1 : 0;
                semicolons += b == (byte)';' ? 1 : 0;
                tabs += b == (byte)'\t' ? 1 : 0;
            }
        }

        _separator = semicolons > commas && semicolons > tabs ? (byte)';' : tabs > commas && tabs > semicolons ? (byte)'\t' : (byte)',';
    }

    /// <summary>Reads the next record.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><c>false</c> at the end of the input or when reading stopped.</returns>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (!_stopped)
        {
            switch (TryParse())
            {
                case Step.Record:
                    return true;
                case Step.End:
                    return false;
                default:
                    if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>Reports a problem that ends reading (for example a header with too many columns).</summary>
    public void Stop() => _stopped = true;

    /// <summary>Returns the pooled buffers; the stream is not closed.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string LineTooLong => $"A line is longer than the limit of {_options.MaxLineLength} bytes.";

    private bool HasFirstLine() => _buffer.AsSpan(_start, _end - _start).Contains(Lf) || _end - _start >= _options.MaxLineLength;

    private int ColumnOf(int lineStart, int position)
    {
        // Characters, not bytes: continuation bytes of a multi-byte UTF-8 sequence do not start a character.
        var column = 1;
        foreach (var b in _buffer.AsSpan(lineStart, Math.Max(0, position - lineStart)))
        {
            column += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        return column;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end >= _options.MaxLineLength)
        {
            _problems.Add(_line, 1, null, LineTooLong + " Reading stopped (a quote opened here and never closed also causes this).");
            _stopped = true;
            return false;
        }

        if (_end == _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, (long)_options.MaxLineLength + 1));
            _buffer.AsSpan(0, _end).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _eof = true;
            return true;
        }

        _hash?.AppendData(_buffer, _end, read);
        _end += read;
        _bytesRead += read;
        if (_bytesRead > _options.MaxFileBytes)
        {
            _problems.Add(0, 0, null, $"The file is larger than the limit of {_options.MaxFileBytes} bytes; reading stopped.");
            _stopped = true;
            return false;
        }

        return true;
    }

    private Step TryParse()
    {
        if (!_bomChecked)
        {
            if (_end - _start < 3 && !_eof)
            {
                return Step.NeedMore;
            }

            _bomChecked = true;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                _start += 3;
            }
        }

        while (true)
        {
            var step = TryParseRecord(out var blank);
            if (!blank)
            {
                return step;
            }
        }
    }

    private Step TryParseRecord(out bool blank)
    {
        blank = false;
        var buffer = _buffer;
        var end = _end;
        var separator = _separator;
        var pos = _start;
        if (pos >= end)
        {
            return _eof ? Step.End : Step.NeedMore;
        }

        _pending.Clear();
        var count = 0;
        var lineOffset = 0;
        var lineStart = _start;
        var capacity = FieldCapacity;
        var valid = true;
        while (true)
        {
            var rawStart = pos;
            var fieldLineOffset = lineOffset;
            var fieldLineStart = lineStart;
            int start, length, fieldEnd;
            var escaped = false;
            byte terminator;
            if (pos < end && buffer[pos] == Quote)
            {
                pos++;
                start = pos;
                while (true)
                {
                    var index = buffer.AsSpan(pos, end - pos).IndexOfAny(Quote, Lf);
                    if (index < 0)
                    {
                        if (!_eof)
                        {
                            return Step.NeedMore;
                        }

                        _problems.Add(_line + fieldLineOffset, ColumnOf(fieldLineStart, rawStart), null, "This quote is never closed: a quoted field must end with a quote (a quote inside it is written as two quotes); reading stopped.");
                        _stopped = true;
                        return Step.End;
                    }

                    pos += index;
                    if (buffer[pos] == Lf)
                    {
                        lineOffset++;
                        pos++;
                        lineStart = pos;
                        continue;
                    }

                    if (pos + 1 >= end && !_eof)
                    {
                        return Step.NeedMore;
                    }

                    if (pos + 1 < end && buffer[pos + 1] == Quote)
                    {
                        escaped = true;
                        pos += 2;
                        continue;
                    }

                    length = pos - start;
                    pos++;
                    break;
                }

                fieldEnd = pos;

                if (pos >= end)
                {
                    if (!_eof)
                    {
                        return Step.NeedMore;
                    }

                    terminator = 0;
                }
                else if (buffer[pos] == separator || buffer[pos] == Lf)
                {
                    terminator = buffer[pos++];
                }
                else if (buffer[pos] == Cr && pos + 1 < end && buffer[pos + 1] == Lf)
                {
                    terminator = Lf;
                    pos += 2;
                }
                else if (buffer[pos] == Cr && pos + 1 >= end && !_eof)
                {
                    return Step.NeedMore;
                }
                else
                {
                    _pending.Add((_line + lineOffset, ColumnOf(lineStart, pos), "Unexpected text after a closing quote: a quote inside a quoted field is written as two quotes (\"\")."));
                    valid = false;
                    var index = buffer.AsSpan(pos, end - pos).IndexOfAny(separator, Lf);
                    if (index < 0)
                    {
                        if (!_eof)
                        {
                            return Step.NeedMore;
                        }

                        pos = end;
                        terminator = 0;
                    }
                    else
                    {
                        pos += index;
                        terminator = buffer[pos++];
                    }
                }
            }
            else
            {
                start = pos;
                var index = buffer.AsSpan(pos, end - pos).IndexOfAny(separator, Lf);
                if (index < 0)
                {
                    if (!_eof)
                    {
                        return Step.NeedMore;
                    }

                    length = end - pos;
                    pos = end;
                    terminator = 0;
                }
                else
                {
                    length = index;
                    pos += index;
                    terminator = buffer[pos++];
                }

                if (terminator != separator && length > 0 && buffer[start + length - 1] == Cr)
                {
                    length--;
                }

                fieldEnd = start + length;
                if (count == 0 && length == 0 && terminator != separator)
                {
                    // A blank line separates nothing: skip it, but keep counting lines.
                    _start = pos;
                    _line += terminator == Lf ? 1 : 0;
                    blank = true;
                    return Step.End;
                }
            }

            if (count < capacity)
            {
                if (count == _fields.Length)
                {
                    Array.Resize(ref _fields, Math.Min(_fields.Length * 2, Math.Max(capacity, 16)));
                }

                _fields[count] = new FieldSlot(start, length, rawStart, fieldLineOffset, fieldLineStart, escaped);
                if (length > _options.MaxFieldLength)
                {
                    _pending.Add((_line + fieldLineOffset, ColumnOf(fieldLineStart, rawStart), $"A field is longer than the limit of {_options.MaxFieldLength} bytes."));
                    valid = false;
                }
            }

            count++;
            if (terminator == separator)
            {
                continue;
            }

            if (pos - _start > _options.MaxLineLength)
            {
                _pending.Add((_line, 1, LineTooLong));
                valid = false;
            }

            _recordEnd = fieldEnd;
            _recordLastLineStart = lineStart;
            RecordLine = _line;
            _recordEndLine = _line + lineOffset;
            FieldCount = count;
            _stored = Math.Min(count, capacity);
            RecordValid = valid;
            _line += lineOffset + (terminator == Lf ? 1 : 0);
            _start = pos;
            Unescape();
            foreach (var (line, column, message) in _pending)
            {
                _problems.Add(line, column, null, message);
            }

            return Step.Record;
        }
    }

    private void Unescape()
    {
        for (var i = 0; i < _stored; i++)
        {
            ref var slot = ref _fields[i];
            if (!slot.Escaped)
            {
                continue;
            }

            var span = _buffer.AsSpan(slot.Start, slot.Length);
            var write = 0;
            for (var read = 0; read < span.Length; read++)
            {
                span[write++] = span[read];
                if (span[read] == Quote)
                {
                    read++;
                }
            }

            slot = slot with { Length = write };
        }
    }

    private readonly record struct FieldSlot(int Start, int Length, int RawStart, int LineOffset, int LineStart, bool Escaped);
}
