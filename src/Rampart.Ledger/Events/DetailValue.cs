using System.Globalization;

namespace Rampart.Ledger.Events;

/// <summary>One value in an event's <c>details</c>: a string, an integer or a boolean.</summary>
public readonly record struct DetailValue
{
    /// <summary>The largest magnitude an integer detail may have: 2^53 − 1, exact in an IEEE 754 double.</summary>
    public const long MaxSafeInteger = (1L << 53) - 1;

    private DetailValue(DetailType type, string? text, long number, bool boolean)
    {
        Type = type;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    /// <summary>The value's type.</summary>
    public DetailType Type { get; }

    /// <summary>The string, when <see cref="Type"/> is <see cref="DetailType.Text"/>; otherwise null.</summary>
    public string? Text { get; }

    /// <summary>The integer, when <see cref="Type"/> is <see cref="DetailType.Number"/>.</summary>
    public long Number { get; }

    /// <summary>The boolean, when <see cref="Type"/> is <see cref="DetailType.Boolean"/>.</summary>
    public bool Boolean { get; }

    /// <summary>A string value.</summary>
    /// <param name="text">The string.</param>
    public static DetailValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new DetailValue(DetailType.Text, text, 0, false);
    }

    /// <summary>An integer value.</summary>
    /// <param name="number">The integer; its magnitude at most <see cref="MaxSafeInteger"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The integer is too large to be exact in JSON.</exception>
    public static DetailValue Of(long number)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxSafeInteger);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, -MaxSafeInteger);
        return new DetailValue(DetailType.Number, null, number, false);
    }

    /// <summary>A boolean value.</summary>
    /// <param name="boolean">The boolean.</param>
    public static DetailValue Of(bool boolean) => new(DetailType.Boolean, null, 0, boolean);

    /// <summary>Returns the canonical JSON text of the value.</summary>
    public string ToJson() => Type switch
    {
        DetailType.Text => CanonicalJson.QuoteString(Text!),
        DetailType.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => Boolean ? "true" : "false",
    };

    /// <summary>Returns the value as plain text (strings unquoted).</summary>
    public override string ToString() => Type == DetailType.Text ? Text! : ToJson();
}
