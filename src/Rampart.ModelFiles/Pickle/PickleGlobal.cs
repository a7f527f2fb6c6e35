namespace Rampart.ModelFiles.Pickle;

/// <summary>One import in a pickle (GLOBAL, INST, STACK_GLOBAL or EXT), resolved and judged.</summary>
internal sealed class PickleGlobal
{
    /// <summary>The import as written: <c>module.name</c>.</summary>
    public required string Raw { get; init; }

    /// <summary>The canonical module (<c>os</c> for <c>posix</c>).</summary>
    public required string Module { get; init; }

    /// <summary>The attribute path inside the module.</summary>
    public required string Name { get; init; }

    /// <summary>The canonical dotted path (<c>os.system</c> for <c>posix system</c>).</summary>
    public required string Canonical { get; init; }

    /// <summary>The policy's judgement.</summary>
    public required PolicyDecision Decision { get; init; }

    /// <summary>Offset of the import opcode.</summary>
    public required long Offset { get; init; }

    /// <summary>The opcode that imported it.</summary>
    public required string Opcode { get; init; }

    /// <summary>Whether a call of it has been reported (a denied import that is never called is reported by itself).</summary>
    public bool Called { get; set; }
}
