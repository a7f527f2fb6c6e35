using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Rampart.ModelFiles.NumPy;

/// <summary>
/// A strict parser for the Python literals numpy writes in a <c>.npy</c> header: dicts, tuples, lists, strings,
/// integers and booleans, with Python's whitespace, comments, trailing commas and implicit string concatenation
/// (which <c>ast.literal_eval</c> accepts). It builds values only; nothing is evaluated. Anything else (floats,
/// <c>None</c>, bytes, sets, names, calls) is refused. Nesting is bounded.
/// </summary>
internal sealed class PyLiteralParser
{
    private readonly string _text;
    private readonly int _maxDepth;
    private readonly bool _allowLongSuffix;
    private int _position;

    private PyLiteralParser(string text, int maxDepth, bool allowLongSuffix)
    {
        _text = text;
        _maxDepth = maxDepth;
        _allowLongSuffix = allowLongSuffix;
    }

    /// <summary>Parses the whole text as one literal.</summary>
    /// <param name="text">The header text.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    /// <param name="allowLongSuffix">Accept Python 2's <c>L</c> suffix on integers (numpy filters it for versions 1.0 and 2.0).</param>
    /// <returns>The value.</returns>
    /// <exception cref="PyLiteralException">The text is not such a literal.</exception>
    public static PyValue Parse(string text, int maxDepth, bool allowLongSuffix)
    {
        var parser = new PyLiteralParser(text, maxDepth, allowLongSuffix);
        parser.SkipSpace();
        var value = parser.Value(0);
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw new PyLiteralException($"unexpected {parser.Found()} after the literal", parser._position);
        }

        return value;
    }

    private PyValue Value(int depth)
    {
        if (depth > _maxDepth)
        {
            throw new PyLiteralException($"the literal nests deeper than {_maxDepth} levels", _position, limit: true);
        }

        var start = _position;
        if (_position >= _text.Length)
        {
            throw new PyLiteralException("the header ends where a value was expected", _position);
        }

        var c = _text[_position];
        switch (c)
        {
            case '{':
                return Dict(depth);
            case '(':
                return Parenthesised(depth);
            case '[':
                _position++;
                return new PySequence(start, false, Items(']', depth, out _));
            case '\'' or '"':
                return Strings(start);
            case '-' or '+' or (>= '0' and <= '9'):
                return Integer();
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            if (AtStringStart())
            {
                return Strings(start);
            }

            var word = Word();
            _position = start + word.Length;
            return word switch
            {
                "True" => new PyBool(start, true),
                "False" => new PyBool(start, false),
                _ => throw new PyLiteralException($"the name '{word}' is not a literal the header may hold", start),
            };
        }

        throw new PyLiteralException($"unexpected {Found()}", _position);
    }

    private PyDict Dict(int depth)
    {
        var start = _position++;
        var entries = ImmutableArray.CreateBuilder<KeyValuePair<PyValue, PyValue>>();
        SkipSpace();
        while (!TryTake('}'))
        {
            var key = Value(depth + 1);
            SkipSpace();
            Expect(':');
            SkipSpace();
            var value = Value(depth + 1);
            entries.Add(new(key, value));
            SkipSpace();
            if (TryTake(','))
            {
                SkipSpace();
                continue;
            }

            Expect('}');
            break;
        }

        return new PyDict(start, entries.ToImmutable());
    }

    private PyValue Parenthesised(int depth)
    {
        var start = _position++;
        var items = Items(')', depth, out var trailingComma);
        // (x) is x itself; (x,) and (x, y) are tuples; () is the empty tuple.
        return items.Length == 1 && !trailingComma ? items[0] : new PySequence(start, true, items);
    }

    private ImmutableArray<PyValue> Items(char close, int depth, out bool trailingComma)
    {
        var items = ImmutableArray.CreateBuilder<PyValue>();
        trailingComma = false;
        SkipSpace();
        while (!TryTake(close))
        {
            items.Add(Value(depth + 1));
            SkipSpace();
            if (TryTake(','))
            {
                trailingComma = true;
                SkipSpace();
                continue;
            }

            trailingComma = false;
            Expect(close);
            break;
        }

        return items.ToImmutable();
    }

    private PyStr Strings(int start)
    {
        // Adjacent literals concatenate: 'a' 'b' == 'ab'.
        var value = new StringBuilder();
        _position = start;
        while (true)
        {
            var prefixEnd = _position;
            while (prefixEnd < _text.Length && char.IsAsciiLetter(_text[prefixEnd]))
            {
                prefixEnd++;
            }

            var prefix = _text[_position..prefixEnd];
            var raw = prefix.ToLowerInvariant() switch
            {
                "" or "u" => false,
                "r" => true,
                _ => throw new PyLiteralException($"the string prefix '{prefix}' makes a value the header may not hold", _position),
            };
            _position = prefixEnd;
            value.Append(StringBody(raw));
            var mark = _position;
            SkipSpace();
            if (!AtStringStart())
            {
                _position = mark;
                return new PyStr(start, value.ToString());
            }
        }
    }

    private bool AtStringStart()
    {
        var end = _position;
        while (end < _text.Length && end - _position < 3 && char.IsAsciiLetter(_text[end]))
        {
            end++;
        }

        return end < _text.Length && end - _position <= 2 && _text[end] is '\'' or '"';
    }

    private string StringBody(bool raw)
    {
        var quote = _text[_position];
        var triple = _position + 2 < _text.Length && _text[_position + 1] == quote && _text[_position + 2] == quote;
        var start = _position;
        _position += triple ? 3 : 1;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw new PyLiteralException("a string is not closed", start);
            }

            var c = _text[_position];
            if (c == quote && (!triple || (_position + 2 < _text.Length && _text[_position + 1] == quote && _text[_position + 2] == quote)))
            {
                _position += triple ? 3 : 1;
                return value.ToString();
            }

            if (c == '\n' && !triple)
            {
                throw new PyLiteralException("a string is not closed on its line", start);
            }

            if (c == '\\' && !raw)
            {
                Escape(value);
                continue;
            }

            if (c == '\\' && raw && _position + 1 < _text.Length)
            {
                value.Append(c).Append(_text[_position + 1]);
                _position += 2;
                continue;
            }

            value.Append(c);
            _position++;
        }
    }

    private void Escape(StringBuilder value)
    {
        var at = _position;
        if (_position + 1 >= _text.Length)
        {
            throw new PyLiteralException("a string ends in a backslash", at);
        }

        var e = _text[_position + 1];
        _position += 2;
        switch (e)
        {
            case '\n':
                return;
            case '\\' or '\'' or '"':
                value.Append(e);
                return;
            case 'n':
                value.Append('\n');
                return;
            case 't':
                value.Append('\t');
                return;
            case 'r':
                value.Append('\r');
                return;
            case 'a':
                value.Append('\a');
                return;
            case 'b':
                value.Append('\b');
                return;
            case 'f':
                value.Append('\f');
                return;
            case 'v':
                value.Append('\v');
                return;
            case 'x':
                value.Append(Hex(2, at));
                return;
            case 'u':
                value.Append(Hex(4, at));
                return;
            case 'U':
                value.Append(Hex(8, at));
                return;
            case >= '0' and <= '7':
                var code = e - '0';
                for (var i = 0; i < 2 && _position < _text.Length && _text[_position] is >= '0' and <= '7'; i++)
                {
                    code = (code * 8) + (_text[_position++] - '0');
                }

                value.Append((char)code);
                return;
            default:
                // Python keeps unknown escapes as written.
                value.Append('\\').Append(e);
                return;
        }
    }

    private string Hex(int digits, int at)
    {
        if (_position + digits > _text.Length
            || !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code < 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF && digits == 8)
        {
            throw new PyLiteralException("a string has an invalid escape", at);
        }

        _position += digits;
        return code <= 0xFFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code);
    }

    private PyInt Integer()
    {
        var start = _position;
        var negative = false;
        while (_position < _text.Length && _text[_position] is '-' or '+')
        {
            negative ^= _text[_position] == '-';
            _position++;
            SkipSpace();
        }

        var digitsStart = _position;
        var radix = 10;
        if (_position + 1 < _text.Length && _text[_position] == '0' && char.ToLowerInvariant(_text[_position + 1]) is 'x' or 'o' or 'b')
        {
            radix = char.ToLowerInvariant(_text[_position + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _position += 2;
            digitsStart = _position;
        }

        var value = BigInteger.Zero;
        var count = 0;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '_' && count > 0)
            {
                _position++;
                continue;
            }

            var digit = HexDigit(c);
            if (digit < 0 || digit >= radix)
            {
                break;
            }

            if (++count > 100)
            {
                throw new PyLiteralException("an integer has more than 100 digits", start);
            }

            value = (value * radix) + digit;
            _position++;
        }

        if (count == 0)
        {
            throw new PyLiteralException($"unexpected {Found()}", digitsStart);
        }

        if (_position < _text.Length && _text[_position] is 'L' or 'l' && _allowLongSuffix)
        {
            _position++;
        }

        if (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '.' or '_'))
        {
            throw new PyLiteralException("a number is not an integer literal", start);
        }

        return new PyInt(start, negative ? -value : value);
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private string Word()
    {
        var end = _position;
        while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
        {
            end++;
        }

        return _text[_position..end];
    }

    private void SkipSpace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                _position++;
            }
            else if (c == '\\' && _position + 1 < _text.Length && _text[_position + 1] == '\n')
            {
                _position += 2;
            }
            else if (c == '#')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private bool TryTake(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryTake(c))
        {
            throw new PyLiteralException($"expected '{c}' but found {Found()}", _position);
        }
    }

    private string Found() => _position >= _text.Length
        ? "the end of the header"
        : _text[_position] is >= ' ' and < '\x7F' ? $"'{_text[_position]}'" : $"character U+{(int)_text[_position]:X4}";
}
