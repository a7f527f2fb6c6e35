using System.Buffers.Binary;
using System.Text;

namespace Rampart.ModelFiles.Tests.Pickle;

/// <summary>Assembles pickle bytes opcode by opcode, recording offsets, for crafted test inputs.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public long Offset => _bytes.Count;

    public PickleBuilder At(out long offset)
    {
        offset = _bytes.Count;
        return this;
    }

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBuilder Op(char opcode) => Raw((byte)opcode);

    public PickleBuilder Proto(int version) => Raw(0x80, (byte)version);

    public PickleBuilder Line(char opcode, string text) => Op(opcode).Raw(Encoding.UTF8.GetBytes(text + "\n"));

    public PickleBuilder Global(string module, string name) => Op('c').Raw(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Inst(string module, string name) => Op('i').Raw(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));

    public PickleBuilder Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length < 256)
        {
            return Raw(0x8C, (byte)bytes.Length).Raw(bytes);
        }

        return BinUnicode(value);
    }

    public PickleBuilder BinUnicode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        return Op('X').Raw(length).Raw(bytes);
    }

    /// <summary>Protocol 0 STRING with single quotes (no escaping needed for the test strings).</summary>
    public PickleBuilder String(string value) => Line('S', $"'{value}'");

    /// <summary>Protocol 0 UNICODE (raw-unicode-escape).</summary>
    public PickleBuilder Unicode(string value) => Line('V', value);

    public PickleBuilder Bytes(byte[] value)
    {
        if (value.Length < 256)
        {
            return Op('C').Raw((byte)value.Length).Raw(value);
        }

        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        return Op('B').Raw(length).Raw(value);
    }

    public PickleBuilder Int(int value)
    {
        if (value is >= 0 and < 256)
        {
            return Raw((byte)'K', (byte)value);
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return Op('J').Raw(bytes);
    }

    public PickleBuilder Frame(long length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, length);
        return Raw(0x95).Raw(bytes);
    }

    public PickleBuilder Mark() => Op('(');

    public PickleBuilder Tuple() => Op('t');

    public PickleBuilder Tuple1() => Raw(0x85);

    public PickleBuilder Tuple2() => Raw(0x86);

    public PickleBuilder EmptyTuple() => Op(')');

    public PickleBuilder EmptyDict() => Op('}');

    public PickleBuilder EmptyList() => Op(']');

    public PickleBuilder SetItem() => Op('s');

    public PickleBuilder Append() => Op('a');

    public PickleBuilder Reduce() => Op('R');

    public PickleBuilder Build() => Op('b');

    public PickleBuilder Obj() => Op('o');

    public PickleBuilder NewObj() => Raw(0x81);

    public PickleBuilder NewObjEx() => Raw(0x92);

    public PickleBuilder StackGlobal() => Raw(0x93);

    public PickleBuilder Memoize() => Raw(0x94);

    public PickleBuilder Put(int key) => Raw((byte)'q', (byte)key);

    public PickleBuilder Get(int key) => Raw((byte)'h', (byte)key);

    public PickleBuilder Pop() => Op('0');

    public PickleBuilder Dup() => Op('2');

    public PickleBuilder None() => Op('N');

    public PickleBuilder BinPersId() => Op('Q');

    public PickleBuilder Ext1(byte code) => Raw(0x82, code);

    public PickleBuilder Stop() => Op('.');

    public byte[] ToArray() => [.. _bytes];
}
