using System.Collections.Immutable;
using System.Numerics;

namespace Rampart.ModelFiles.NumPy;

/// <summary>A Python literal from a <c>.npy</c> header: only the kinds numpy writes there.</summary>
/// <param name="Offset">Character index of the value in the header text.</param>
internal abstract record PyValue(int Offset)
{
    /// <summary>A short description for messages: <c>str 'x'</c>, <c>int 3</c>, <c>tuple</c>.</summary>
    /// <returns>The text.</returns>
    public abstract string Describe();
}

/// <summary>A <c>str</c>.</summary>
internal sealed record PyStr(int Offset, string Value) : PyValue(Offset)
{
    /// <inheritdoc />
    public override string Describe() => $"the string '{Value}'";
}

/// <summary>An <c>int</c>.</summary>
internal sealed record PyInt(int Offset, BigInteger Value) : PyValue(Offset)
{
    /// <inheritdoc />
    public override string Describe() => $"the integer {Value}";
}

/// <summary>A <c>bool</c>.</summary>
internal sealed record PyBool(int Offset, bool Value) : PyValue(Offset)
{
    /// <inheritdoc />
    public override string Describe() => Value ? "True" : "False";
}

/// <summary>A <c>tuple</c> or <c>list</c>.</summary>
internal sealed record PySequence(int Offset, bool IsTuple, ImmutableArray<PyValue> Items) : PyValue(Offset)
{
    /// <inheritdoc />
    public override string Describe() => IsTuple ? $"a tuple of {Items.Length}" : $"a list of {Items.Length}";
}

/// <summary>A <c>dict</c>, entries in source order (duplicates kept; Python keeps the last).</summary>
internal sealed record PyDict(int Offset, ImmutableArray<KeyValuePair<PyValue, PyValue>> Entries) : PyValue(Offset)
{
    /// <inheritdoc />
    public override string Describe() => "a dict";
}
