using System.Collections.Immutable;
using Rampart.Diagnostics;

namespace Rampart.ML.Data;

/// <summary>Collects problems about one input up to a cap, so that a badly broken file reports a useful first page and stops.</summary>
internal sealed class ProblemCollector
{
    private readonly List<Problem> _problems = [];
    private readonly int _cap;
    private bool _truncated;

    public ProblemCollector(string? source, int cap)
    {
        Source = source;
        _cap = Math.Max(1, cap);
    }

    /// <summary>The file (or other source name) the problems are about.</summary>
    public string? Source { get; }

    /// <summary>True once the cap is reached: readers stop then.</summary>
    public bool IsFull => _problems.Count >= _cap;

    public int Count => _problems.Count;

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
