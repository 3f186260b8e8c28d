using System.Buffers.Binary;
using System.Text;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// Reads MessagePack (the format socket.io's Redis adapter, its emitter and its msgpack parser speak through
/// notepack.io) from one contiguous buffer, forward only, without reflection or allocations beyond the strings the
/// caller asks for. Every length is checked against the bytes left and nesting is bounded, so hostile input ends in
/// a <see cref="MessagePackException"/> and nothing else.
/// </summary>
internal ref struct MessagePackReader
{
    /// <summary>How deep arrays and maps may nest; far above any socket.io packet, far below a stack overflow.</summary>
    public const int DefaultMaxDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public MessagePackReader(ReadOnlySpan<byte> buffer, int maxDepth = DefaultMaxDepth)
    {
        _buffer = buffer;
        _position = 0;
        MaxDepth = maxDepth;
    }

    public int MaxDepth { get; }

    /// <summary>Bytes read so far (the offset of the next value).</summary>
    public readonly int Position => _position;

    public readonly bool End => _position >= _buffer.Length;

    /// <summary>True when the next value is an unsigned 64-bit integer, which may not fit <see cref="ReadInt64"/>.</summary>
    public readonly bool NextIsLargeUnsigned => !End && _buffer[_position] == 0xcf;

    /// <summary>The kind of the next value, without reading it.</summary>
    public readonly MessagePackType PeekType()
    {
        if (End)
        {
            throw Truncated();
        }

        var code = _buffer[_position];
        return code switch
        {
            <= 0x7f or >= 0xe0 => MessagePackType.Integer,
            <= 0x8f => MessagePackType.Map,
            <= 0x9f => MessagePackType.Array,
            <= 0xbf => MessagePackType.String,
            0xc0 => MessagePackType.Nil,
            0xc2 or 0xc3 => MessagePackType.Boolean,
            0xc4 or 0xc5 or 0xc6 => MessagePackType.Binary,
            0xc7 or 0xc8 or 0xc9 or (>= 0xd4 and <= 0xd8) => MessagePackType.Extension,
            0xca or 0xcb => MessagePackType.Float,
            (>= 0xcc and <= 0xd3) => MessagePackType.Integer,
            (>= 0xd9 and <= 0xdb) => MessagePackType.String,
            0xdc or 0xdd => MessagePackType.Array,
            0xde or 0xdf => MessagePackType.Map,
            _ => throw new MessagePackException("Byte 0xc1 is never used in MessagePack (at offset " + _position + ")."),
        };
    }

    public bool TryReadNil()
    {
        if (!End && _buffer[_position] == 0xc0)
        {
            _position++;
            return true;
        }

        return false;
    }

    public bool ReadBoolean()
    {
        var code = ReadByte();
        return code switch
        {
            0xc2 => false,
            0xc3 => true,
            _ => throw Unexpected(code, "a boolean"),
        };
    }

    /// <summary>Any integer, or a float that holds a whole number in range (JavaScript has one number type).</summary>
    public long ReadInt64()
    {
        var code = ReadByte();
        switch (code)
        {
            case <= 0x7f:
                return code;
            case >= 0xe0:
                return (sbyte)code;
            case 0xcc:
                return Take(1)[0];
            case 0xcd:
                return BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            case 0xce:
                return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            case 0xcf:
                var unsigned = BinaryPrimitives.ReadUInt64BigEndian(Take(8));
                return unsigned <= long.MaxValue ? (long)unsigned : throw new MessagePackException("An unsigned 64-bit integer is out of range.");
            case 0xd0:
                return (sbyte)Take(1)[0];
            case 0xd1:
                return BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case 0xd2:
                return BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case 0xd3:
                return BinaryPrimitives.ReadInt64BigEndian(Take(8));
            case 0xca or 0xcb:
                _position--;
                var value = ReadDouble();
                return double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 9.2e18
                    ? (long)value
                    : throw new MessagePackException("A number is not an integer.");
            default:
                throw Unexpected(code, "an integer");
        }
    }

    /// <summary>Reads an integer with <see cref="ReadInt64"/> or a float, as a double.</summary>
    public double ReadDouble()
    {
        var code = _buffer.Length > _position ? _buffer[_position] : throw Truncated();
        switch (code)
        {
            case 0xca:
                _position++;
                return BinaryPrimitives.ReadSingleBigEndian(Take(4));
            case 0xcb:
                _position++;
                return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case 0xcf:
                _position++;
                return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            default:
                return ReadInt64();
        }
    }

    /// <summary>The UTF-8 bytes of a string, valid as long as the buffer.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var code = ReadByte();
        var length = code switch
        {
            >= 0xa0 and <= 0xbf => code & 0x1f,
            0xd9 => Take(1)[0],
            0xda => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdb => Length(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw Unexpected(code, "a string"),
        };
        return Take(length);
    }

    /// <summary>A string, decoded from UTF-8 (invalid sequences are refused rather than replaced).</summary>
    public string ReadString()
    {
        var bytes = ReadStringBytes();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new MessagePackException("A string is not valid UTF-8.", exception);
        }
    }

    /// <summary>A string, or null for nil.</summary>
    public string? ReadNullableString() => TryReadNil() ? null : ReadString();

    /// <summary>The bytes of a bin value, valid as long as the buffer.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var code = ReadByte();
        var length = code switch
        {
            0xc4 => Take(1)[0],
            0xc5 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xc6 => Length(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw Unexpected(code, "binary data"),
        };
        return Take(length);
    }

    /// <summary>An extension value: its type code and its data.</summary>
    public ReadOnlySpan<byte> ReadExtension(out sbyte type)
    {
        var code = ReadByte();
        var length = code switch
        {
            0xd4 => 1,
            0xd5 => 2,
            0xd6 => 4,
            0xd7 => 8,
            0xd8 => 16,
            0xc7 => Take(1)[0],
            0xc8 => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xc9 => Length(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw Unexpected(code, "an extension"),
        };
        type = (sbyte)Take(1)[0];
        return Take(length);
    }

    /// <summary>The element count of an array; each element must then be read (or skipped).</summary>
    public int ReadArrayHeader()
    {
        var code = ReadByte();
        var count = code switch
        {
            >= 0x90 and <= 0x9f => code & 0x0f,
            0xdc => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdd => Length(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw Unexpected(code, "an array"),
        };
        return CheckCount(count, 1);
    }

    /// <summary>The entry count of a map; each key and value must then be read (or skipped).</summary>
    public int ReadMapHeader()
    {
        var code = ReadByte();
        var count = code switch
        {
            >= 0x80 and <= 0x8f => code & 0x0f,
            0xde => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            0xdf => Length(BinaryPrimitives.ReadUInt32BigEndian(Take(4))),
            _ => throw Unexpected(code, "a map"),
        };
        return CheckCount(count, 2);
    }

    /// <summary>Skips the next value and everything nested in it, at most <see cref="MaxDepth"/> levels deep.</summary>
    public void Skip() => Skip(0);

    private void Skip(int depth)
    {
        switch (PeekType())
        {
            case MessagePackType.Nil:
                _position++;
                break;
            case MessagePackType.Boolean:
                ReadBoolean();
                break;
            case MessagePackType.Integer:
                ReadInt64OrUnsigned();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringBytes();
                break;
            case MessagePackType.Binary:
                ReadBinary();
                break;
            case MessagePackType.Extension:
                ReadExtension(out _);
                break;
            case MessagePackType.Array:
                EnterNested(depth);
                for (var count = ReadArrayHeader(); count > 0; count--)
                {
                    Skip(depth + 1);
                }

                break;
            case MessagePackType.Map:
                EnterNested(depth);
                for (var count = ReadMapHeader(); count > 0; count--)
                {
                    Skip(depth + 1);
                    Skip(depth + 1);
                }

                break;
        }
    }

    /// <summary>Throws when one more level of nesting below <paramref name="depth"/> is too deep.</summary>
    public readonly void EnterNested(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new MessagePackException("Arrays and maps nest deeper than " + MaxDepth + " levels.");
        }
    }

    private void ReadInt64OrUnsigned()
    {
        if (_buffer[_position] == 0xcf)
        {
            _position++;
            Take(8);
            return;
        }

        ReadInt64();
    }

    private byte ReadByte() => _position < _buffer.Length ? _buffer[_position++] : throw Truncated();

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _buffer.Length - _position)
        {
            throw Truncated();
        }

        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    /// <summary>A declared count cannot exceed the bytes left (each element takes at least one byte), so a forged count allocates nothing.</summary>
    private readonly int CheckCount(int count, int bytesPerElement) =>
        (long)count * bytesPerElement <= _buffer.Length - _position ? count : throw Truncated();

    private static int Length(uint length) => length <= int.MaxValue ? (int)length : throw new MessagePackException("A length is out of range.");

    private readonly MessagePackException Truncated() => new("The MessagePack value is truncated (at offset " + _position + " of " + _buffer.Length + ").");

    private readonly MessagePackException Unexpected(byte code, string expected) =>
        new("Expected " + expected + " but found type byte 0x" + code.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + " (at offset " + (_position - 1) + ").");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
