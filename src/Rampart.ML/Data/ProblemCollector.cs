using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>Collects problems about one input up to a cap, so that a badly broken file reports a useful first page and stops.</summary>
public sealed class ProblemCollector
{
    private readonly List<Problem> _problems = [];
    private readonly int _cap;
    private bool _truncated;

    /// <summary>Creates a collector.</summary>
    /// <param name="source">The file (or other source name) the problems are about.</param>
    /// <param name="cap">The most problems kept (at least 1).</param>
    public ProblemCollector(string? source, int cap)
    {
        Source = source;
        _cap = Math.Max(1, cap);
    }

    /// <summary>The file (or other source name) the problems are about.</summary>
    public string? Source { get; }

    /// <summary>True once the cap is reached: readers stop then.</summary>
    public bool IsFull => _problems.Count >= _cap;

    /// <summary>How many problems were kept.</summary>
    public int Count => _problems.Count;

    /// <summary>Adds a problem; past the cap it is dropped, and <see cref="ToImmutable"/> ends with a note that the list was cut.</summary>
    /// <param name="line">One-based line, or 0 for none.</param>
    /// <param name="column">One-based column, or 0 for none.</param>
    /// <param name="field">The column or field name, or <c>null</c>.</param>
    /// <param name="message">What is wrong.</param>
    public void Add(long line, int column, string? field, string message)
    {
        if (IsFull)
        {
            _truncated = true;
            return;
        }

        _problems.Add(new Problem
        {
            File = Source,
            Line = line > int.MaxValue ? int.MaxValue : (int)line,
            Column = column,
            Field = field,
            Message = message,
        });
    }

    /// <summary>The problems kept, in the order found.</summary>
    public ImmutableArray<Problem> ToImmutable()
    {
        if (!_truncated && !IsFull)
        {
            return [.. _problems];
        }

        return
        [
            .. _problems,
            new Problem { File = Source, Message = $"Stopped after {_cap} problems; fix these and read the file again to see the rest." },
        ];
    }
}
