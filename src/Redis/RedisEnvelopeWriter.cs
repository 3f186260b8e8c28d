using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TypedSockets.Redis;

/// <summary>
/// Builds one backplane envelope: little-endian integers, strings and blobs as an int32 length (-1 for null) and
/// their bytes, string arrays as an int32 count (-1 for null) and their strings.
/// </summary>
internal sealed class RedisEnvelopeWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public RedisEnvelopeWriter(RedisMessageKind kind, string origin, int sizeHint = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(sizeHint);
        Kind = kind;
        WriteByte((byte)kind);
        WriteString(origin);

        // The publication time (UTC ticks since the Unix epoch), so the receiver can tell the backplane's lag.
        WriteInt64(DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks);
    }

    public RedisMessageKind Kind { get; }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
    }

    public void WriteStrings(string[]? values)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return;
        }

        WriteInt32(values.Length);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        WriteInt32(bytes.Length);
        _buffer.Write(bytes);
    }

    /// <summary>The envelope as an array of its own (the Redis client may still be writing it after the publish call returns).</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
