using System.Buffers;

namespace TypedSockets.EngineIO;

/// <summary>
/// Collects the payload of one <see cref="EngineMessage"/> (for example from a <c>Utf8JsonWriter</c>)
/// into a pooled buffer that leaves room in front for the packet type and the WebSocket header.
/// </summary>
public sealed class EngineMessageWriter : IBufferWriter<byte>, IDisposable
{
    private byte[]? _buffer;
    private int _written;

    public EngineMessageWriter(int sizeHint = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(EngineMessage.Prefix + Math.Max(sizeHint, 16));
    }

    /// <summary>Bytes of payload written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The payload written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(EngineMessage.Prefix, _written);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(EngineMessageWriter));

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (EngineMessage.Prefix + _written + count > Buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return Buffer.AsMemory(EngineMessage.Prefix + _written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return Buffer.AsSpan(EngineMessage.Prefix + _written);
    }

    /// <summary>Hands the buffer to a new message (reference count 1); the writer is empty afterwards.</summary>
    public EngineMessage ToMessage(bool isBinary)
    {
        var message = new EngineMessage(Buffer, _written, isBinary);
        _buffer = null;
        _written = 0;
        return message;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void Grow(int sizeHint)
    {
        var buffer = Buffer;
        var needed = EngineMessage.Prefix + _written + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, buffer.Length * 2));
        buffer.AsSpan(0, EngineMessage.Prefix + _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = larger;
    }
}
