using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// Writes MessagePack as notepack.io does (the encoder behind socket.io's Redis adapter, its emitter and its msgpack
/// parser): each integer in its smallest form, other numbers as float 64, strings as str, byte arrays as bin, maps
/// with string keys. Appends to any <see cref="IBufferWriter{T}"/>; no reflection.
/// </summary>
internal readonly ref struct MessagePackWriter
{
    private readonly IBufferWriter<byte> _output;

    public MessagePackWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public void WriteNil() => WriteByte(0xc0);

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xc3 : (byte)0xc2);

    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            if (value < 0x80)
            {
                WriteByte((byte)value);
            }
            else if (value < 0x100)
            {
                WriteTagged8(0xcc, (byte)value);
            }
            else if (value < 0x10000)
            {
                WriteTagged16(0xcd, (ushort)value);
            }
            else if (value < 0x100000000)
            {
                WriteTagged32(0xce, (uint)value);
            }
            else
            {
                WriteTagged64(0xcf, (ulong)value);
            }
        }
        else if (value >= -0x20)
        {
            WriteByte((byte)(sbyte)value);
        }
        else if (value >= -0x80)
        {
            WriteTagged8(0xd0, (byte)(sbyte)value);
        }
        else if (value >= -0x8000)
        {
            // Two's complement: the unsigned cast keeps the signed value's big-endian bytes.
            WriteTagged16(0xd1, (ushort)(short)value);
        }
        else if (value >= -0x80000000L)
        {
            WriteTagged32(0xd2, (uint)(int)value);
        }
        else
        {
            WriteTagged64(0xd3, (ulong)value);
        }
    }

    /// <summary>A number as JavaScript's encoder writes it: an integer when it is a whole number, float 64 otherwise.</summary>
    public void WriteNumber(double value)
    {
        if (double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
        {
            WriteInt64((long)value);
            return;
        }

        WriteTagged64(0xcb, BitConverter.DoubleToUInt64Bits(value));
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(length);
        var span = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _output.Advance(length);
    }

    /// <summary>A string already encoded as UTF-8.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        _output.Write(utf8);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteLengthHeader(value.Length, code8: 0xc4, code16: 0xc5, code32: 0xc6);
        _output.Write(value);
    }

    public void WriteArrayHeader(int count) => WriteContainerHeader(count, 0x90, 0xdc, 0xdd);

    public void WriteMapHeader(int count) => WriteContainerHeader(count, 0x80, 0xde, 0xdf);

    private void WriteStringHeader(int length)
    {
        if (length < 0x20)
        {
            WriteByte((byte)(0xa0 | length));
            return;
        }

        WriteLengthHeader(length, code8: 0xd9, code16: 0xda, code32: 0xdb);
    }

    private void WriteContainerHeader(int count, byte fix, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 0x10)
        {
            WriteByte((byte)(fix | count));
        }
        else if (count < 0x10000)
        {
            WriteTagged16(code16, (ushort)count);
        }
        else
        {
            WriteTagged32(code32, (uint)count);
        }
    }

    /// <summary>The header of a str or bin: its type byte for the smallest width that holds the length, then the length.</summary>
    private void WriteLengthHeader(int length, byte code8, byte code16, byte code32)
    {
        if (length < 0x100)
        {
            WriteTagged8(code8, (byte)length);
        }
        else if (length < 0x10000)
        {
            WriteTagged16(code16, (ushort)length);
        }
        else
        {
            WriteTagged32(code32, (uint)length);
        }
    }

    // A type byte followed by its value in 1, 2, 4 or 8 big-endian bytes: every sized form of the format.
    private void WriteTagged8(byte tag, byte value)
    {
        var span = _output.GetSpan(2);
        span[0] = tag;
        span[1] = value;
        _output.Advance(2);
    }

    private void WriteTagged16(byte tag, ushort value)
    {
        var span = _output.GetSpan(3);
        span[0] = tag;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _output.Advance(3);
    }

    private void WriteTagged32(byte tag, uint value)
    {
        var span = _output.GetSpan(5);
        span[0] = tag;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _output.Advance(5);
    }

    private void WriteTagged64(byte tag, ulong value)
    {
        var span = _output.GetSpan(9);
        span[0] = tag;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
        _output.Advance(9);
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
