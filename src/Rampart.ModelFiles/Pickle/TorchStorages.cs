using System.Collections.Frozen;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Element sizes of PyTorch storage types, for checking the raw storages of legacy files.</summary>
internal static class TorchStorages
{
    private static readonly FrozenDictionary<string, long> Sizes = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["DoubleStorage"] = 8,
        ["FloatStorage"] = 4,
        ["HalfStorage"] = 2,
        ["BFloat16Storage"] = 2,
        ["LongStorage"] = 8,
        ["IntStorage"] = 4,
        ["ShortStorage"] = 2,
        ["CharStorage"] = 1,
        ["ByteStorage"] = 1,
        ["BoolStorage"] = 1,
        ["ComplexFloatStorage"] = 8,
        ["ComplexDoubleStorage"] = 16,
        ["QUInt8Storage"] = 1,
        ["QInt8Storage"] = 1,
        ["QInt32Storage"] = 4,
        ["QUInt4x2Storage"] = 1,
        ["QUInt2x4Storage"] = 1,
        ["UntypedStorage"] = 1,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The element size of a storage type (<c>torch.FloatStorage</c>, <c>torch.cuda.HalfStorage</c>), or <c>null</c>.</summary>
    /// <param name="canonical">The storage type's dotted name.</param>
    /// <returns>Bytes per element, or <c>null</c> for a type that is not a torch storage.</returns>
    public static long? ElementSize(string canonical)
    {
        if (!canonical.StartsWith("torch.", StringComparison.Ordinal))
        {
            return null;
        }

        var name = canonical[(canonical.LastIndexOf('.') + 1)..];
        return Sizes.TryGetValue(name, out var size) ? size : null;
    }
}
