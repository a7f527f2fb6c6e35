using System.Text;

namespace Rampart.ModelFiles.Tests.Gguf;

/// <summary>Writes small GGUF files for tests, with hooks to write lies.</summary>
internal sealed class GgufBuilder
{
    private readonly List<byte[]> _kv = [];
    private readonly List<(string Name, long[] Dims, uint Type, ulong? Offset, byte[] Data)> _tensors = [];

    public uint Version { get; init; } = 3;

    public uint Alignment { get; init; } = 32;

    public ulong? TensorCountOverride { get; init; }

    public ulong? KvCountOverride { get; init; }

    public byte[] Trailing { get; init; } = [];

    public static byte[] Str(string text) => Str(Encoding.UTF8.GetBytes(text));

    public static byte[] Str(byte[] bytes) => [.. BitConverter.GetBytes((ulong)bytes.Length), .. bytes];

    public static byte[] U32(uint value) => BitConverter.GetBytes(value);

    public static byte[] U64(ulong value) => BitConverter.GetBytes(value);

    public GgufBuilder Raw(string key, uint type, params byte[] value)
    {
        _kv.Add([.. Str(key), .. U32(type), .. value]);
        return this;
    }

    public GgufBuilder String(string key, string value) => Raw(key, 8, Str(value));

    public GgufBuilder Tensor(string name, long[] dims, uint type, byte[] data, ulong? offset = null)
    {
        _tensors.Add((name, dims, type, offset, data));
        return this;
    }

    public byte[] Build()
    {
        var bytes = new List<byte>("GGUF"u8.ToArray());
        bytes.AddRange(U32(Version));
        bytes.AddRange(U64(TensorCountOverride ?? (ulong)_tensors.Count));
        bytes.AddRange(U64(KvCountOverride ?? (ulong)_kv.Count));
        foreach (var kv in _kv)
        {
            bytes.AddRange(kv);
        }

        ulong offset = 0;
        var data = new List<byte>();
        foreach (var (name, dims, type, fixedOffset, payload) in _tensors)
        {
            bytes.AddRange(Str(name));
            bytes.AddRange(U32((uint)dims.Length));
            foreach (var dim in dims)
            {
                bytes.AddRange(U64((ulong)dim));
            }

            bytes.AddRange(U32(type));
            bytes.AddRange(U64(fixedOffset ?? offset));
            data.AddRange(payload);
            var padding = (int)((Alignment - ((ulong)payload.Length % Alignment)) % Alignment);
            data.AddRange(new byte[padding]);
            offset += (ulong)(payload.Length + padding);
        }

        while (bytes.Count % Alignment != 0)
        {
            bytes.Add(0);
        }

        bytes.AddRange(data);
        bytes.AddRange(Trailing);
        return [.. bytes];
    }
}
