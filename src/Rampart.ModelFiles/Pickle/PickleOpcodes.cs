using System.Collections.Frozen;

namespace Rampart.ModelFiles.Pickle;

/// <summary>Names of the pickle opcodes (CPython Lib/pickle.py, protocols 0 to 5), for messages.</summary>
internal static class PickleOpcodes
{
    private static readonly FrozenDictionary<byte, string> Names = new Dictionary<byte, string>
    {
        [(byte)'('] = "MARK",
        [(byte)'.'] = "STOP",
        [(byte)'0'] = "POP",
        [(byte)'1'] = "POP_MARK",
        [(byte)'2'] = "DUP",
        [(byte)'F'] = "FLOAT",
        [(byte)'I'] = "INT",
        [(byte)'J'] = "BININT",
        [(byte)'K'] = "BININT1",
        [(byte)'L'] = "LONG",
        [(byte)'M'] = "BININT2",
        [(byte)'N'] = "NONE",
        [(byte)'P'] = "PERSID",
        [(byte)'Q'] = "BINPERSID",
        [(byte)'R'] = "REDUCE",
        [(byte)'S'] = "STRING",
        [(byte)'T'] = "BINSTRING",
        [(byte)'U'] = "SHORT_BINSTRING",
        [(byte)'V'] = "UNICODE",
        [(byte)'X'] = "BINUNICODE",
        [(byte)'a'] = "APPEND",
        [(byte)'b'] = "BUILD",
        [(byte)'c'] = "GLOBAL",
        [(byte)'d'] = "DICT",
        [(byte)'}'] = "EMPTY_DICT",
        [(byte)'e'] = "APPENDS",
        [(byte)'g'] = "GET",
        [(byte)'h'] = "BINGET",
        [(byte)'i'] = "INST",
        [(byte)'j'] = "LONG_BINGET",
        [(byte)'l'] = "LIST",
        [(byte)']'] = "EMPTY_LIST",
        [(byte)'o'] = "OBJ",
        [(byte)'p'] = "PUT",
        [(byte)'q'] = "BINPUT",
        [(byte)'r'] = "LONG_BINPUT",
        [(byte)'s'] = "SETITEM",
        [(byte)'t'] = "TUPLE",
        [(byte)')'] = "EMPTY_TUPLE",
        [(byte)'u'] = "SETITEMS",
        [(byte)'G'] = "BINFLOAT",
        [(byte)'B'] = "BINBYTES",
        [(byte)'C'] = "SHORT_BINBYTES",
        [0x80] = "PROTO",
        [0x81] = "NEWOBJ",
        [0x82] = "EXT1",
        [0x83] = "EXT2",
        [0x84] = "EXT4",
        [0x85] = "TUPLE1",
        [0x86] = "TUPLE2",
        [0x87] = "TUPLE3",
        [0x88] = "NEWTRUE",
        [0x89] = "NEWFALSE",
        [0x8A] = "LONG1",
        [0x8B] = "LONG4",
        [0x8C] = "SHORT_BINUNICODE",
        [0x8D] = "BINUNICODE8",
        [0x8E] = "BINBYTES8",
        [0x8F] = "EMPTY_SET",
        [0x90] = "ADDITEMS",
        [0x91] = "FROZENSET",
        [0x92] = "NEWOBJ_EX",
        [0x93] = "STACK_GLOBAL",
        [0x94] = "MEMOIZE",
        [0x95] = "FRAME",
        [0x96] = "BYTEARRAY8",
        [0x97] = "NEXT_BUFFER",
        [0x98] = "READONLY_BUFFER",
    }.ToFrozenDictionary();

    /// <summary>The opcode's name, or its hex value.</summary>
    /// <param name="opcode">The byte.</param>
    /// <returns>The name.</returns>
    public static string Name(byte opcode) => Names.TryGetValue(opcode, out var name) ? name : $"0x{opcode:X2}";

    /// <summary>Whether the byte is an opcode.</summary>
    /// <param name="opcode">The byte.</param>
    /// <returns><c>true</c> for an opcode.</returns>
    public static bool IsOpcode(byte opcode) => Names.ContainsKey(opcode);
}
