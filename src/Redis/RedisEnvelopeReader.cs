using System.Buffers.Binary;
using System.Text;

namespace TypedSockets.Redis;

/// <summary>
/// Reads what <see cref="RedisEnvelopeWriter"/> wrote; blobs are slices of the received bytes, not copies. Whatever
/// arrives on a channel is checked as it is read: a message cut short, a negative length or a count its bytes cannot
/// hold throws <see cref="InvalidDataException"/> (which the backplane logs), before anything is sized from it.
/// </summary>
internal struct RedisEnvelopeReader
{
    // Every string, string list and blob starts with its 4-byte length or count.
    private const int MinItemSize = sizeof(int);

    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public RedisEnvelopeReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public byte ReadByte()
    {
        Need(1);
        return _data.Span[_position++];
    }

    public int ReadInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(_data.Span[_position..]);
        _position += 4;
        return value;
    }

    public long ReadInt64()
    {
        Need(8);
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

        Need(length);
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

        var values = new string[CheckCount(count)];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadString() ?? string.Empty;
        }

        return values;
    }

    /// <summary>Everything after what was read.</summary>
    public ReadOnlyMemory<byte> ReadRest()
    {
        var rest = _data[_position..];
        _position = _data.Length;
        return rest;
    }

    public ReadOnlyMemory<byte> ReadBlob()
    {
        var length = ReadInt32();
        Need(length);
        var value = _data.Slice(_position, length);
        _position += length;
        return value;
    }

    /// <summary>A count of items that follow, each at least a 4-byte length: never more than the rest of the message can hold.</summary>
    public int ReadCount() => CheckCount(ReadInt32());

    private readonly int CheckCount(int count) =>
        count >= 0 && count <= (_data.Length - _position) / MinItemSize
            ? count
            : throw new InvalidDataException($"A count of {count} at byte {_position} of a {_data.Length}-byte backplane message.");

    private readonly void Need(int length)
    {
        if ((uint)length > (uint)(_data.Length - _position))
        {
            throw new InvalidDataException($"{length} bytes wanted at byte {_position} of a {_data.Length}-byte backplane message.");
        }
    }
}
