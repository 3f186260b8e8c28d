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
                var span = _output.GetSpan(2);
                span[0] = 0xcc;
                span[1] = (byte)value;
                _output.Advance(2);
            }
            else if (value < 0x10000)
            {
                var span = _output.GetSpan(3);
                span[0] = 0xcd;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
                _output.Advance(3);
            }
            else if (value < 0x100000000)
            {
                var span = _output.GetSpan(5);
                span[0] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
                _output.Advance(5);
            }
            else
            {
                var span = _output.GetSpan(9);
                span[0] = 0xcf;
                BinaryPrimitives.WriteUInt64BigEndian(span[1..], (ulong)value);
                _output.Advance(9);
            }
        }
        else if (value >= -0x20)
        {
            WriteByte((byte)(sbyte)value);
        }
        else if (value >= -0x80)
        {
            var span = _output.GetSpan(2);
            span[0] = 0xd0;
            span[1] = (byte)(sbyte)value;
            _output.Advance(2);
        }
        else if (value >= -0x8000)
        {
            var span = _output.GetSpan(3);
            span[0] = 0xd1;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= -0x80000000L)
        {
            var span = _output.GetSpan(5);
            span[0] = 0xd2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = 0xd3;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
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

        var span = _output.GetSpan(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
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
        if (value.Length < 0x100)
        {
            var span = _output.GetSpan(2);
            span[0] = 0xc4;
            span[1] = (byte)value.Length;
            _output.Advance(2);
        }
        else if (value.Length < 0x10000)
        {
            var span = _output.GetSpan(3);
            span[0] = 0xc5;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value.Length);
            _output.Advance(3);
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = 0xc6;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Length);
            _output.Advance(5);
        }

        _output.Write(value);
    }

    public void WriteArrayHeader(int count) => WriteContainerHeader(count, 0x90, 0xdc, 0xdd);

    public void WriteMapHeader(int count) => WriteContainerHeader(count, 0x80, 0xde, 0xdf);

    private void WriteStringHeader(int length)
    {
        if (length < 0x20)
        {
            WriteByte((byte)(0xa0 | length));
        }
        else if (length < 0x100)
        {
            var span = _output.GetSpan(2);
            span[0] = 0xd9;
            span[1] = (byte)length;
            _output.Advance(2);
        }
        else if (length < 0x10000)
        {
            var span = _output.GetSpan(3);
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)length);
            _output.Advance(3);
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)length);
            _output.Advance(5);
        }
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
            var span = _output.GetSpan(3);
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            _output.Advance(3);
        }
        else
        {
            var span = _output.GetSpan(5);
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            _output.Advance(5);
        }
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
