using System.Globalization;
using System.Numerics;
using System.Text;

namespace Rampart.ModelFiles.Pickle;

/// <summary>
/// A symbolic value on the pickle machine's stack or memo. Values are shared by reference (memo GET and DUP push
/// the same instance) and never deep-copied, so fan-out costs nothing.
/// </summary>
internal abstract class PickleValue
{
    /// <summary>The most characters of a rendering used in evidence.</summary>
    public const int MaxRendering = 240;

    /// <summary><c>None</c>.</summary>
    public static readonly PickleValue None = new Constant("None");

    /// <summary><c>True</c>.</summary>
    public static readonly PickleValue True = new Constant("True");

    /// <summary><c>False</c>.</summary>
    public static readonly PickleValue False = new Constant("False");

    /// <summary>A short kind name for messages (<c>int</c>, <c>call result</c>).</summary>
    public abstract string KindName { get; }

    /// <summary>A Python-like rendering, at most <see cref="MaxRendering"/> characters.</summary>
    /// <returns>The text.</returns>
    public string Render()
    {
        var text = new StringBuilder();
        Render(text, 0);
        return text.Length > MaxRendering ? string.Concat(text.ToString(0, MaxRendering - 3), "...") : text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Render();

    /// <summary>Appends the rendering.</summary>
    /// <param name="text">Where.</param>
    /// <param name="depth">Nesting depth (renderings stop at a few levels and a few hundred characters).</param>
    public abstract void Render(StringBuilder text, int depth);

    /// <summary>None, booleans, floats: values that matter only as text.</summary>
    internal sealed class Constant(string text) : PickleValue
    {
        public string Value { get; } = text;

        public override string KindName => Value is "None" ? "None" : Value is "True" or "False" ? "bool" : "float";

        public override void Render(StringBuilder text, int depth) => text.Append(Value);
    }

    /// <summary>An integer.</summary>
    internal sealed class Integer(BigInteger value) : PickleValue
    {
        public BigInteger Value { get; } = value;

        public override string KindName => "int";

        public override void Render(StringBuilder text, int depth) => text.Append(Value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A text string (also protocol 0-2 byte strings, which Python 3 decodes to text).</summary>
    /// <param name="value">The text, or its beginning when <paramref name="complete"/> is false.</param>
    /// <param name="complete">Whether <paramref name="value"/> is the whole string.</param>
    internal sealed class Text(string value, bool complete) : PickleValue
    {
        public string Value { get; } = value;

        public bool Complete { get; } = complete;

        public override string KindName => "str";

        public override void Render(StringBuilder text, int depth)
        {
            text.Append('\'');
            foreach (var c in Value)
            {
                if (text.Length > MaxRendering)
                {
                    break;
                }

                _ = c switch
                {
                    '\'' => text.Append("\\'"),
                    '\\' => text.Append("\\\\"),
                    '\n' => text.Append("\\n"),
                    '\r' => text.Append("\\r"),
                    '\t' => text.Append("\\t"),
                    < ' ' or '\x7f' => text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                    _ => text.Append(c),
                };
            }

            text.Append(Complete ? "'" : "...'");
        }
    }

    /// <summary>
    /// Bytes: either held in memory (<see cref="Data"/>, when short or produced by a decoder) or a region of the
    /// scanned stream (<see cref="Offset"/>, <see cref="Length"/>) with its beginning in <see cref="Prefix"/>.
    /// </summary>
    internal sealed class Bytes : PickleValue
    {
        public byte[]? Data { get; init; }

        public byte[] Prefix { get; init; } = [];

        public long Offset { get; init; } = -1;

        public long Length { get; init; }

        /// <summary>The decoder that produced the bytes at load time (<c>base64.b64decode</c>), or <c>null</c>.</summary>
        public string? DecodedBy { get; init; }

        public override string KindName => "bytes";

        public override void Render(StringBuilder text, int depth)
        {
            var shown = Data ?? Prefix;
            text.Append("b'");
            foreach (var b in shown)
            {
                if (text.Length > MaxRendering)
                {
                    break;
                }

                if (b is >= 0x20 and < 0x7f and not (byte)'\'' and not (byte)'\\')
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }

            text.Append(shown.Length < Length ? "...'" : "'");
        }
    }

    /// <summary>A tuple, list, set or frozenset. Items beyond the scan's retention budget are counted, not kept.</summary>
    internal sealed class Sequence(string kind, List<PickleValue> items) : PickleValue
    {
        public string Kind { get; } = kind;

        public List<PickleValue> Items { get; } = items;

        public long Dropped { get; set; }

        public override string KindName => Kind;

        public override void Render(StringBuilder text, int depth)
        {
            var (open, close) = Kind switch
            {
                "tuple" => ("(", ")"),
                "list" => ("[", "]"),
                "frozenset" => ("frozenset({", "})"),
                _ => ("{", "}"),
            };
            text.Append(open);
            for (var i = 0; i < Items.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(", ");
                }

                if (depth > 4 || text.Length > MaxRendering)
                {
                    text.Append("...");
                    break;
                }

                Items[i].Render(text, depth + 1);
            }

            if (Kind == "tuple" && Items.Count == 1)
            {
                text.Append(',');
            }

            text.Append(close);
        }
    }

    /// <summary>A dict, as key/value pairs in insertion order.</summary>
    internal sealed class Mapping(List<KeyValuePair<PickleValue, PickleValue>> pairs) : PickleValue
    {
        public List<KeyValuePair<PickleValue, PickleValue>> Pairs { get; } = pairs;

        public long Dropped { get; set; }

        public override string KindName => "dict";

        /// <summary>The value of the last pair whose key is the text <paramref name="key"/>, or <c>null</c>.</summary>
        public PickleValue? Get(string key)
        {
            for (var i = Pairs.Count - 1; i >= 0; i--)
            {
                if (Pairs[i].Key is Text text && text.Complete && text.Value == key)
                {
                    return Pairs[i].Value;
                }
            }

            return null;
        }

        public override void Render(StringBuilder text, int depth)
        {
            text.Append('{');
            for (var i = 0; i < Pairs.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(", ");
                }

                if (depth > 4 || text.Length > MaxRendering)
                {
                    text.Append("...");
                    break;
                }

                Pairs[i].Key.Render(text, depth + 1);
                text.Append(": ");
                Pairs[i].Value.Render(text, depth + 1);
            }

            text.Append('}');
        }
    }

    /// <summary>An imported global (a module attribute: function, class, or module).</summary>
    internal sealed class Global(PickleGlobal info) : PickleValue
    {
        public PickleGlobal Info { get; } = info;

        public override string KindName => "imported global";

        public override void Render(StringBuilder text, int depth) => text.Append(Info.Canonical);
    }

    /// <summary>The result of a call (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST), with the state BUILD gave it.</summary>
    internal sealed class Call(PickleValue callable, PickleValue arguments, long offset) : PickleValue
    {
        public PickleValue Callable { get; } = callable;

        public PickleValue Arguments { get; } = arguments;

        public long Offset { get; } = offset;

        public PickleValue? State { get; set; }

        /// <summary>Bytes the call passes through (io.BytesIO of a constant), for nested scans.</summary>
        public Bytes? Payload { get; init; }

        public override string KindName => "call result";

        public override void Render(StringBuilder text, int depth)
        {
            if (depth > 4)
            {
                text.Append("...");
                return;
            }

            Callable.Render(text, depth + 1);
            if (Arguments is Sequence { Kind: "tuple" } tuple)
            {
                text.Append('(');
                for (var i = 0; i < tuple.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    if (text.Length > MaxRendering)
                    {
                        text.Append("...");
                        break;
                    }

                    tuple.Items[i].Render(text, depth + 1);
                }

                text.Append(')');
            }
            else
            {
                text.Append("(*");
                Arguments.Render(text, depth + 1);
                text.Append(')');
            }
        }
    }

    /// <summary>What <c>persistent_load</c> returns for an id.</summary>
    internal sealed class Persistent(PickleValue id) : PickleValue
    {
        public PickleValue Id { get; } = id;

        public override string KindName => "persistent object";

        public override void Render(StringBuilder text, int depth)
        {
            text.Append("persistent_load(");
            Id.Render(text, depth + 1);
            text.Append(')');
        }
    }

    /// <summary>Anything the scanner does not model: an inline array, an out-of-band buffer, a value after an error.</summary>
    internal sealed class Opaque(string description) : PickleValue
    {
        public string Description { get; } = description;

        public override string KindName => Description;

        public override void Render(StringBuilder text, int depth) => text.Append('<').Append(Description).Append('>');
    }
}
