using System.Buffers.Binary;
using System.Text;

namespace TypedSockets.Redis;

/// <summary>Reads what <see cref="RedisEnvelopeWriter"/> wrote; blobs are slices of the received bytes, not copies.</summary>
internal struct RedisEnvelopeReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public RedisEnvelopeReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public byte ReadByte() => _data.Span[_position++];

    public int ReadInt32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_data.Span[_position..]);
        _position += 4;
        return value;
    }

    public long ReadInt64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_data.Span[_position..]);
        _position += 8;
        return value;
    }

    public string? ReadString()
    {
        var length = ReadInt32();
        if (length < 0)
        {
            return null;
        }

        var value = Encoding.UTF8.GetString(_data.Span.Slice(_position, length));
        _position += length;
        return value;
    }

    public string[]? ReadStrings()
    {
        var count = ReadInt32();
        if (count < 0)
        {
            return null;
        }

        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadString() ?? string.Empty;
        }

        return values;
    }

    public ReadOnlyMemory<byte> ReadBlob()
    {
        var length = ReadInt32();
        var value = _data.Slice(_position, length);
        _position += length;
        return value;
    }
}
