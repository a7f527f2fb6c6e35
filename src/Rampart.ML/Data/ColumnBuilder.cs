using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Rampart.ML.Data;

/// <summary>
/// Accumulates one column while a CSV file streams past. A column starts as numbers (floats, NaN for missing) unless
/// its text must be kept; the first value that is not a number switches it to text (codes into a category list).
/// Rows read as numbers before the switch are marked for a targeted second read that recovers their exact text.
/// </summary>
internal sealed class ColumnBuilder
{
    /// <summary>Code of a missing value.</summary>
    public const int MissingCode = -1;

    /// <summary>Code of a row whose text must still be read again (it was parsed as a number before the switch).</summary>
    public const int PendingCode = -2;

    private readonly Dictionary<string, int> _lookup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _alternate;
    private readonly List<string> _categories = [];
    private readonly List<(long Line, int Column)> _firstSeen = [];
    private float[] _numbers;
    private int[] _codes = [];
    private int _count;

    public ColumnBuilder(string name, int index, ColumnType? declared, bool keepText, bool identifierName, int capacity)
    {
        Name = name;
        Index = index;
        Declared = declared;
        KeepText = keepText;
        IdentifierName = identifierName;
        _alternate = _lookup.GetAlternateLookup<ReadOnlySpan<char>>();
        TextMode = keepText || identifierName || declared is ColumnType.Categorical or ColumnType.Boolean or ColumnType.Identifier;
        _numbers = TextMode ? [] : new float[capacity];
        if (TextMode)
        {
            _codes = new int[capacity];
        }
    }

    public string Name { get; }

    public int Index { get; }

    public ColumnType? Declared { get; }

    /// <summary>The column's original text is wanted (a sensitive column).</summary>
    public bool KeepText { get; }

    /// <summary>The name says identifier (<c>id</c>, <c>*_id</c>).</summary>
    public bool IdentifierName { get; }

    public bool TextMode { get; private set; }

    public int Count => _count;

    public int MissingCount { get; private set; }

    /// <summary>Rows before this one may hold <see cref="PendingCode"/>.</summary>
    public int PendingRows { get; private set; }

    /// <summary>Where the first value that was not a number was seen, for hints.</summary>
    public (long Line, int Column, string Text)? FirstText { get; private set; }

    public IReadOnlyList<string> Categories => _categories;

    public IReadOnlyList<(long Line, int Column)> FirstSeen => _firstSeen;

    public float[] Numbers => _numbers;

    public int[] Codes => _codes;

    public void EnsureCapacity(int rows)
    {
        if (TextMode)
        {
            if (_codes.Length < rows)
            {
                Array.Resize(ref _codes, rows);
            }
        }
        else if (_numbers.Length < rows)
        {
            Array.Resize(ref _numbers, rows);
        }
    }

    public void AddMissing()
    {
        Grow();
        if (TextMode)
        {
            _codes[_count++] = MissingCode;
        }
        else
        {
            _numbers[_count++] = float.NaN;
        }

        MissingCount++;
    }

    /// <summary>Adds a number in number mode.</summary>
    /// <param name="field">The field text.</param>
    /// <returns><c>false</c> (adding nothing) when the field is not a finite number.</returns>
    public bool TryAddNumber(ReadOnlySpan<byte> field)
    {
        if (!NumberParser.TryParseFiniteFloat(field, out var value))
        {
            return false;
        }

        Grow();
        _numbers[_count++] = value;
        return true;
    }

    /// <summary>Switches from numbers to text at the current row.</summary>
    /// <param name="line">Line of the first text value.</param>
    /// <param name="column">Its column.</param>
    /// <param name="text">The value.</param>
    /// <param name="formatNumbers">
    /// When the input cannot be read again, earlier numbers become their shortest round-trip text at once instead of
    /// waiting for a second read (so "01" comes back as "1").
    /// </param>
    public void SwitchToText(long line, int column, string text, bool formatNumbers)
    {
        FirstText = (line, column, text);
        _codes = new int[Math.Max(_numbers.Length, 16)];
        for (var i = 0; i < _count; i++)
        {
            if (float.IsNaN(_numbers[i]))
            {
                _codes[i] = MissingCode;
            }
            else if (formatNumbers)
            {
                _codes[i] = InternString(_numbers[i].ToString("R", CultureInfo.InvariantCulture), 0, 0);
            }
            else
            {
                _codes[i] = PendingCode;
                PendingRows = i + 1;
            }
        }

        _numbers = [];
        TextMode = true;
    }

    /// <summary>Adds a text value in text mode.</summary>
    /// <param name="field">The UTF-8 field.</param>
    /// <param name="scratch">A character buffer at least as long as the field.</param>
    /// <param name="line">The field's line, recorded for a new category.</param>
    /// <param name="column">The field's column.</param>
    /// <returns>The code, or <see cref="MissingCode"/> (adding a missing value) when the bytes are not valid UTF-8.</returns>
    public int AddText(ReadOnlySpan<byte> field, Span<char> scratch, long line, int column)
    {
        var code = Intern(field, scratch, line, column);
        Grow();
        _codes[_count++] = code;
        if (code == MissingCode)
        {
            MissingCount++;
        }

        return code;
    }

    /// <summary>Sets the text of a row that was read as a number before the switch.</summary>
    /// <param name="row">The row.</param>
    /// <param name="field">Its text.</param>
    /// <param name="scratch">A character buffer.</param>
    /// <param name="line">Its line.</param>
    /// <param name="column">Its column.</param>
    public void Backfill(int row, ReadOnlySpan<byte> field, Span<char> scratch, long line, int column)
    {
        if (_codes[row] == PendingCode)
        {
            _codes[row] = Intern(field, scratch, line, column);
        }
    }

    /// <summary>First line and column where a text value was seen, in any mode.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The place, or (0, 0).</returns>
    public (long Line, int Column) PlaceOf(string text) =>
        _lookup.TryGetValue(text, out var code) ? _firstSeen[code] : (0, 0);

    private int Intern(ReadOnlySpan<byte> field, Span<char> scratch, long line, int column)
    {
        if (!Utf8.IsValid(field))
        {
            return MissingCode;
        }

        var chars = scratch[..Encoding.UTF8.GetChars(field, scratch)];
        return _alternate.TryGetValue(chars, out var code) ? code : InternString(chars.ToString(), line, column);
    }

    private int InternString(string text, long line, int column)
    {
        if (_lookup.TryGetValue(text, out var code))
        {
            return code;
        }

        code = _categories.Count;
        _lookup.Add(text, code);
        _categories.Add(text);
        _firstSeen.Add((line, column));
        return code;
    }

    private void Grow()
    {
        if (TextMode)
        {
            if (_count == _codes.Length)
            {
                Array.Resize(ref _codes, Math.Max(16, _codes.Length + (_codes.Length >> 1)));
            }
        }
        else if (_count == _numbers.Length)
        {
            Array.Resize(ref _numbers, Math.Max(16, _numbers.Length + (_numbers.Length >> 1)));
        }
    }
}
