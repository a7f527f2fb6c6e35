using System.Buffers.Binary;
using System.Text;

namespace Rampart.ModelFiles.Keras;

/// <summary>
/// A minimal, bounded, read-only HDF5 reader: superblock versions 0 to 3 (at 0, 512, 1024...), the root group's
/// object header (version 1, or version 2 "OHDR" with "OCHK" continuations), its attribute messages with
/// fixed-length strings, variable-length strings and sequences (from the global heap "GCOL") and byte arrays.
/// Every address and size is checked against the file length before use; continuation loops are detected.
/// Checksums of version 2 structures are not verified (a file HDF5 rejects cannot be loaded anyway).
/// </summary>
internal sealed class Hdf5Reader
{
    private const int MaxContinuations = 10_000;
    private const int MaxMessages = 100_000;
    private const int MaxRank = 32;

    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly Stream _stream;
    private readonly long _length;
    private readonly int _maxValueBytes;
    private readonly CancellationToken _cancellationToken;
    private long _base;
    private int _offsetSize;
    private int _lengthSize;

    private Hdf5Reader(Stream stream, int maxValueBytes, CancellationToken cancellationToken)
    {
        _stream = stream;
        _length = stream.Length;
        _maxValueBytes = maxValueBytes;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads the root group's attributes and children.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="decode">Names of the attributes whose values to decode.</param>
    /// <param name="maxValueBytes">Largest attribute value read into memory.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The root group.</returns>
    /// <exception cref="MalformedFileException">The structure is broken.</exception>
    /// <exception cref="ScanLimitException">A value is larger than <paramref name="maxValueBytes"/>.</exception>
    public static Hdf5RootGroup ReadRoot(Stream stream, IReadOnlySet<string> decode, int maxValueBytes, CancellationToken cancellationToken)
    {
        var reader = new Hdf5Reader(stream, maxValueBytes, cancellationToken);
        var (version, rootAddress) = reader.ReadSuperblock();
        var root = new Hdf5RootGroup { SuperblockVersion = version };
        foreach (var message in reader.ReadObjectHeader(rootAddress))
        {
            reader.Inspect(message, root, decode);
        }

        return root;
    }

    private (int Version, long RootAddress) ReadSuperblock()
    {
        long at = -1;
        Span<byte> signature = stackalloc byte[8];
        for (long offset = 0; offset + 8 <= _length; offset = offset == 0 ? 512 : offset * 2)
        {
            Read(offset, signature);
            if (signature.SequenceEqual(Signature))
            {
                at = offset;
                break;
            }
        }

        if (at < 0)
        {
            throw Malformed("No HDF5 superblock signature at offset 0, 512, 1024 or a later power of two.", 0);
        }

        var version = Read(at + 8, 1)[0];
        // HDF5 takes the superblock's position as the base of every address, whatever the base address field says.
        _base = at;
        if (version is 0 or 1)
        {
            var head = Read(at, version == 0 ? 24 : 28);
            SetSizes(head[13], head[14], at + 13);
            var fields = Read(at + head.Length, (4 * _offsetSize) + _offsetSize + _offsetSize);
            var eof = Unsigned(fields.AsSpan(2 * _offsetSize), _offsetSize);
            CheckEndOfFile(eof, at);
            var rootHeader = Unsigned(fields.AsSpan((4 * _offsetSize) + _offsetSize), _offsetSize);
            return (version, Address(rootHeader, at + head.Length + (5 * _offsetSize), "root group object header"));
        }

        if (version is 2 or 3)
        {
            var head = Read(at, 12);
            SetSizes(head[9], head[10], at + 9);
            var fields = Read(at + 12, 4 * _offsetSize);
            CheckEndOfFile(Unsigned(fields.AsSpan(2 * _offsetSize), _offsetSize), at);
            var rootHeader = Unsigned(fields.AsSpan(3 * _offsetSize), _offsetSize);
            return (version, Address(rootHeader, at + 12 + (3 * _offsetSize), "root group object header"));
        }

        throw new MalformedFileException(KerasRules.Hdf5Unsupported.Id, $"HDF5 superblock version {version} is not supported.", at + 8);
    }

    private void SetSizes(byte offsets, byte lengths, long at)
    {
        if (offsets is not (2 or 4 or 8) || lengths is not (2 or 4 or 8))
        {
            throw new MalformedFileException(KerasRules.Hdf5Unsupported.Id, $"HDF5 sizes of offsets {offsets} and lengths {lengths} are not supported (2, 4 or 8).", at);
        }

        _offsetSize = offsets;
        _lengthSize = lengths;
    }

    private void CheckEndOfFile(ulong eof, long at)
    {
        // The end-of-file address counts the user block too (h5py files with a user block store the full length).
        if (eof != Undefined(_offsetSize) && eof > (ulong)_length)
        {
            throw Malformed($"The superblock says the file ends at {eof:N0} bytes but it has {_length:N0}: the file is truncated.", at);
        }
    }

    private List<(int Type, int Flags, long Offset, int Size)> ReadObjectHeader(long address)
    {
        var messages = new List<(int Type, int Flags, long Offset, int Size)>();
        var blocks = new Queue<(long Start, long Length, int Version, bool First)>();
        var seen = new HashSet<long>();
        var prefix = Read(address, 4);
        if (prefix.AsSpan().SequenceEqual("OHDR"u8))
        {
            var head = Read(address, 6);
            if (head[4] != 2)
            {
                throw Malformed($"Object header version {head[4]} is not 2.", address + 4);
            }

            var flags = head[5];
            var position = address + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            var sizeBytes = 1 << (flags & 3);
            var size = (long)Unsigned(Read(position, sizeBytes), sizeBytes);
            position += sizeBytes;
            CheckRange(position, size, "object header");
            blocks.Enqueue((position, size, (flags & 0x04) != 0 ? 3 : 2, true));
        }
        else if (prefix[0] == 1)
        {
            var head = Read(address, 16);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8));
            CheckRange(address + 16, size, "object header");
            blocks.Enqueue((address + 16, size, 1, true));
        }
        else
        {
            throw Malformed($"No object header at offset {address:N0} (version byte {prefix[0]}).", address);
        }

        seen.Add(address);
        while (blocks.TryDequeue(out var block))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (start, end) = (block.Start, block.Start + block.Length);
            if (block.Version >= 2 && !block.First)
            {
                if (!Read(start, 4).AsSpan().SequenceEqual("OCHK"u8))
                {
                    throw Malformed("An object header continuation block does not start with OCHK.", start);
                }

                (start, end) = (start + 4, end - 4);
            }
            else if (block.Version >= 2)
            {
                // The first chunk's checksum follows its messages.
            }

            var headerBytes = block.Version == 1 ? 8 : block.Version == 3 ? 6 : 4;
            var position = start;
            while (position + headerBytes <= end)
            {
                var header = Read(position, headerBytes);
                int type, size, flags;
                if (block.Version == 1)
                {
                    type = BinaryPrimitives.ReadUInt16LittleEndian(header);
                    size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
                    flags = header[4];
                }
                else
                {
                    type = header[0];
                    size = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(1));
                    flags = header[3];
                }

                var data = position + headerBytes;
                if (data + size > end)
                {
                    throw Malformed($"Object header message of type 0x{type:x4} declares {size:N0} bytes, past the end of its block.", position);
                }

                if (messages.Count >= MaxMessages)
                {
                    throw new ScanLimitException($"The root object header has more than {MaxMessages:N0} messages (limit).") { Offset = position };
                }

                if (type == 0x0010)
                {
                    var continuation = Read(data, _offsetSize + _lengthSize);
                    var target = Address(Unsigned(continuation, _offsetSize), data, "object header continuation");
                    var length = (long)Unsigned(continuation.AsSpan(_offsetSize), _lengthSize);
                    CheckRange(target, length, "object header continuation");
                    if (!seen.Add(target))
                    {
                        throw Malformed($"Object header continuations loop back to offset {target:N0}.", data);
                    }

                    if (seen.Count > MaxContinuations)
                    {
                        throw new ScanLimitException($"The root object header has more than {MaxContinuations:N0} continuation blocks (limit).") { Offset = data };
                    }

                    if (block.Version >= 2 && length < 8)
                    {
                        throw Malformed("An object header continuation block is shorter than its signature and checksum.", data);
                    }

                    blocks.Enqueue((target, length, block.Version, false));
                }
                else
                {
                    messages.Add((type, flags, data, size));
                }

                position = data + size;
            }
        }

        return messages;
    }

    private void Inspect((int Type, int Flags, long Offset, int Size) message, Hdf5RootGroup root, IReadOnlySet<string> decode)
    {
        switch (message.Type)
        {
            case 0x0002: // link info: children in a fractal heap when its address is defined
                var info = Read(message.Offset, message.Size);
                var heapAt = 2 + ((info.Length > 1 && (info[1] & 1) != 0) ? 8 : 0);
                if (heapAt + _offsetSize <= info.Length && Unsigned(info.AsSpan(heapAt), _offsetSize) != Undefined(_offsetSize))
                {
                    root.HasChildren = true;
                }

                break;
            case 0x0006: // link
                root.HasChildren = true;
                break;
            case 0x0011: // symbol table (version 0/1 groups): children when the B-tree has entries
                root.HasChildren |= SymbolTableHasEntries(message.Offset, message.Size);
                break;
            case 0x0015: // attribute info
                var attributeInfo = Read(message.Offset, message.Size);
                var fractalHeapAt = 2 + ((attributeInfo.Length > 1 && (attributeInfo[1] & 1) != 0) ? 2 : 0);
                if (fractalHeapAt + _offsetSize > attributeInfo.Length)
                {
                    throw Malformed("An attribute info message is too short.", message.Offset);
                }

                if (Unsigned(attributeInfo.AsSpan(fractalHeapAt), _offsetSize) != Undefined(_offsetSize))
                {
                    root.DenseAttributes = true;
                }

                break;
            case 0x000C when (message.Flags & 0x02) != 0:
                root.SharedAttributes = true;
                break;
            case 0x000C:
                root.Attributes.Add(ReadAttribute(message.Offset, message.Size, decode));
                break;
            default:
                break;
        }
    }

    private bool SymbolTableHasEntries(long offset, int size)
    {
        if (size < 2 * _offsetSize)
        {
            throw Malformed("A symbol table message is too short.", offset);
        }

        var tree = Address(Unsigned(Read(offset, _offsetSize), _offsetSize), offset, "group B-tree");
        var node = Read(tree, 8);
        if (!node.AsSpan(0, 4).SequenceEqual("TREE"u8))
        {
            throw Malformed("The root group's B-tree does not start with TREE.", tree);
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(node.AsSpan(6)) > 0;
    }

    private Hdf5Attribute ReadAttribute(long offset, int size, IReadOnlySet<string> decode)
    {
        var data = Read(offset, size);
        if (data.Length < 8)
        {
            throw Malformed("An attribute message is too short.", offset);
        }

        var version = data[0];
        var flags = data[1];
        int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2));
        int typeSize = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4));
        int spaceSize = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(6));
        int position;
        bool padded;
        switch (version)
        {
            case 1:
                (position, padded) = (8, true);
                break;
            case 2:
                (position, padded) = (8, false);
                break;
            case 3:
                (position, padded) = (9, false);
                break;
            default:
                throw Malformed($"Attribute message version {version} is not 1, 2 or 3.", offset);
        }

        var name = Slice(data, ref position, nameSize, padded, offset, "name");
        var nameEnd = Array.IndexOf(name, (byte)0);
        var text = Encoding.UTF8.GetString(name, 0, nameEnd < 0 ? name.Length : nameEnd);
        var type = Slice(data, ref position, typeSize, padded, offset, "datatype");
        var space = Slice(data, ref position, spaceSize, padded, offset, "dataspace");
        var valueOffset = offset + position;
        var value = data.AsSpan(position);
        if (!decode.Contains(text))
        {
            return new Hdf5Attribute(text, offset, [], null);
        }

        if (version > 1 && (flags & 0x03) != 0)
        {
            return new Hdf5Attribute(text, offset, [], "its datatype or dataspace is shared (stored in another object)");
        }

        var elements = Elements(space, offset);
        var values = new List<(byte[] Text, long Offset)>();
        if (type.Length < 8)
        {
            throw Malformed($"The datatype of attribute '{text}' is too short.", offset);
        }

        var typeClass = type[0] & 0x0F;
        var elementSize = BinaryPrimitives.ReadUInt32LittleEndian(type.AsSpan(4));
        switch (typeClass)
        {
            case 3: // fixed-length string
                CheckValue(text, elements, elementSize, value.Length, offset);
                var padding = type[1] & 0x0F;
                for (var i = 0; i < elements; i++)
                {
                    values.Add((TrimString(value.Slice((int)(i * elementSize), (int)elementSize), padding), valueOffset + (i * elementSize)));
                }

                break;
            case 9: // variable-length string or sequence, in the global heap
                var baseSize = (type[1] & 0x0F) == 1 ? 1u : type.Length >= 16 ? BinaryPrimitives.ReadUInt32LittleEndian(type.AsSpan(12)) : 0u;
                if (baseSize != 1)
                {
                    return new Hdf5Attribute(text, offset, [], $"it is a variable-length sequence of {baseSize}-byte elements, not text");
                }

                var reference = 4 + _offsetSize + 4;
                CheckValue(text, elements, (uint)reference, value.Length, offset);
                for (var i = 0; i < elements; i++)
                {
                    var item = value.Slice(i * reference, reference);
                    var count = BinaryPrimitives.ReadUInt32LittleEndian(item);
                    var collection = Unsigned(item[4..], _offsetSize);
                    var index = BinaryPrimitives.ReadUInt32LittleEndian(item[(4 + _offsetSize)..]);
                    values.Add(count == 0 ? ([], valueOffset + (i * reference)) : ReadHeapObject(collection, index, count, valueOffset + (i * reference), text));
                }

                break;
            case 0 when elementSize == 1: // bytes stored as a uint8/int8 array
                CheckValue(text, elements, 1, value.Length, offset);
                values.Add((value[..elements].ToArray(), valueOffset));
                break;
            default:
                return new Hdf5Attribute(text, offset, [], $"its datatype class {typeClass} is not a string");
        }

        return new Hdf5Attribute(text, offset, values, null);
    }

    private (byte[] Text, long Offset) ReadHeapObject(ulong collection, uint index, uint count, long referenceOffset, string name)
    {
        var at = Address(collection, referenceOffset, "global heap collection");
        var head = Read(at, 8 + _lengthSize);
        if (!head.AsSpan(0, 4).SequenceEqual("GCOL"u8))
        {
            throw Malformed($"Attribute '{name}' points to offset {at:N0}, which is not a global heap collection.", referenceOffset);
        }

        var size = (long)Unsigned(head.AsSpan(8), _lengthSize);
        CheckRange(at, size, "global heap collection");
        var end = at + size;
        var position = at + 8 + _lengthSize;
        var objectHeader = 8 + _lengthSize;
        while (position + objectHeader <= end)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var header = Read(position, objectHeader);
            var objectIndex = BinaryPrimitives.ReadUInt16LittleEndian(header);
            var objectSize = (long)Unsigned(header.AsSpan(8), _lengthSize);
            var data = position + objectHeader;
            if (objectIndex == 0)
            {
                break;
            }

            if (objectSize > end - data)
            {
                throw Malformed($"Global heap object {objectIndex} declares {objectSize:N0} bytes, past the end of its collection.", position);
            }

            if (objectIndex == index)
            {
                if (count > objectSize)
                {
                    throw Malformed($"Attribute '{name}' declares {count:N0} bytes but its heap object has {objectSize:N0}.", referenceOffset);
                }

                if (count > _maxValueBytes)
                {
                    throw new ScanLimitException($"Attribute '{name}' is larger than {_maxValueBytes:N0} bytes (limit).") { Offset = data };
                }

                return (Read(data, (int)count), data);
            }

            position = data + ((objectSize + 7) & ~7L);
        }

        throw Malformed($"Attribute '{name}' points to global heap object {index}, which collection {at:N0} does not hold.", referenceOffset);
    }

    private int Elements(byte[] space, long offset)
    {
        if (space.Length < 4)
        {
            throw Malformed("A dataspace is too short.", offset);
        }

        var version = space[0];
        var rank = space[1];
        if (rank > MaxRank || version is not (1 or 2))
        {
            throw Malformed($"Dataspace version {version} with rank {rank} is invalid.", offset);
        }

        if (version == 2 && space[3] == 2)
        {
            return 0;
        }

        var dims = version == 1 ? 8 : 4;
        if (dims + (rank * _lengthSize) > space.Length)
        {
            throw Malformed("A dataspace is shorter than its dimensions.", offset);
        }

        long elements = 1;
        for (var i = 0; i < rank; i++)
        {
            var dim = Unsigned(space.AsSpan(dims + (i * _lengthSize)), _lengthSize);
            if (dim > int.MaxValue || (elements *= (long)dim) > int.MaxValue)
            {
                throw Malformed("A dataspace has more elements than an attribute can hold.", offset);
            }
        }

        return (int)elements;
    }

    private void CheckValue(string name, int elements, uint elementSize, int available, long offset)
    {
        if ((long)elements * elementSize > available)
        {
            throw Malformed($"Attribute '{name}' declares {elements:N0} values of {elementSize:N0} bytes but its message holds {available:N0}.", offset);
        }

        if ((long)elements * elementSize > _maxValueBytes)
        {
            throw new ScanLimitException($"Attribute '{name}' is larger than {_maxValueBytes:N0} bytes (limit).") { Offset = offset };
        }
    }

    private static byte[] TrimString(ReadOnlySpan<byte> value, int padding)
    {
        if (padding == 2)
        {
            return value.TrimEnd((byte)' ').ToArray();
        }

        var end = value.IndexOf((byte)0);
        return (end < 0 ? value : value[..end]).ToArray();
    }

    private static byte[] Slice(byte[] data, ref int position, int size, bool padded, long offset, string what)
    {
        if (position + size > data.Length)
        {
            throw Malformed($"An attribute's {what} ({size:N0} bytes) runs past the end of its message.", offset + position);
        }

        var slice = data.AsSpan(position, size).ToArray();
        position += padded ? (size + 7) & ~7 : size;
        position = Math.Min(position, data.Length);
        return slice;
    }

    private long Address(ulong relative, long from, string what)
    {
        if (relative == Undefined(_offsetSize) || relative > (ulong)(_length - _base))
        {
            throw Malformed($"The {what} address {relative:N0} is outside the file ({_length:N0} bytes).", from);
        }

        return _base + (long)relative;
    }

    private void CheckRange(long start, long length, string what)
    {
        if (length < 0 || start > _length || length > _length - start)
        {
            throw Malformed($"The {what} at offset {start:N0} declares {length:N0} bytes, past the end of the file.", start);
        }
    }

    private byte[] Read(long offset, int count)
    {
        var buffer = new byte[count];
        Read(offset, buffer);
        return buffer;
    }

    private void Read(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > _length || buffer.Length > _length - offset)
        {
            throw Malformed($"A structure at offset {offset:N0} needs {buffer.Length:N0} bytes, past the end of the file.", offset);
        }

        _stream.Position = offset;
        _stream.ReadExactly(buffer);
    }

    private static ulong Unsigned(ReadOnlySpan<byte> bytes, int size) => size switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        8 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        1 => bytes[0],
        _ => throw new ArgumentOutOfRangeException(nameof(size)),
    };

    private static ulong Undefined(int size) => size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;

    private static MalformedFileException Malformed(string message, long offset) => new(KerasRules.Hdf5Malformed.Id, message, offset);
}
