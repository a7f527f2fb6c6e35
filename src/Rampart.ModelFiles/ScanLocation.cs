using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Rampart.ModelFiles;

/// <summary>
/// Where a scan finding points: the file, the chain of archive members inside it, a byte offset in the innermost
/// member, and a logical node (graph node, tensor, metadata key, pickle opcode).
/// </summary>
public sealed record ScanLocation
{
    /// <summary>The scanned file as given or found (forward slashes).</summary>
    public required string Path { get; init; }

    /// <summary>Archive members from the outermost to the innermost; empty for the file itself.</summary>
    public ImmutableArray<string> Members { get; init; } = [];

    /// <summary>Byte offset in the innermost member (or the file), or <c>null</c>.</summary>
    public long? Offset { get; init; }

    /// <summary>A logical location: graph node, tensor name, metadata key, layer, or <c>null</c>.</summary>
    public string? Node { get; init; }

    /// <summary>The location with a member appended.</summary>
    /// <param name="member">The member name.</param>
    /// <returns>A new location without offset or node.</returns>
    public ScanLocation Enter(string member) => this with { Members = Members.Add(member), Offset = null, Node = null };

    /// <summary>The location at a byte offset.</summary>
    /// <param name="offset">The offset.</param>
    /// <returns>A new location.</returns>
    public ScanLocation At(long offset) => this with { Offset = offset };

    /// <summary>The location at a logical node.</summary>
    /// <param name="node">The node.</param>
    /// <returns>A new location.</returns>
    public ScanLocation AtNode(string node) => this with { Node = node };

    /// <summary>Renders <c>path!member!member@offset#node</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(Path);
        foreach (var member in Members)
        {
            text.Append('!').Append(member);
        }

        if (Offset is { } offset)
        {
            text.Append('@').Append(offset.ToString(CultureInfo.InvariantCulture));
        }

        if (Node is not null)
        {
            text.Append('#').Append(Node);
        }

        return text.ToString();
    }
}
