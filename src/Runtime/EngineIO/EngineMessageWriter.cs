using System.Buffers;

namespace TypedSockets.EngineIO;

/// <summary>
/// Collects the payload of one <see cref="EngineMessage"/> (for example from a <c>Utf8JsonWriter</c>)
/// into a pooled buffer that leaves room in front for the packet type and the WebSocket header.
/// </summary>
public sealed class EngineMessageWriter : IBufferWriter<byte>, IDisposable
{
    // A binary packet encodes its text and each attachment at once, so a thread keeps a few writers.
    private const int CachedPerThread = 4;

    [ThreadStatic]
    private static EngineMessageWriter?[]? t_cached;

    [ThreadStatic]
    private static int t_cachedCount;

    private byte[]? _buffer;
    private int _written;

    /// <summary>A writer with a pooled buffer for about <paramref name="sizeHint"/> bytes of payload; it grows as needed.</summary>
    public EngineMessageWriter(int sizeHint = 256)
    {
        _buffer = RentBuffer(sizeHint);
    }

    /// <summary>Bytes of payload written so far.</summary>
    public int WrittenCount => _written;

    /// <summary>The payload written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(EngineMessage.Prefix, _written);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(EngineMessageWriter));

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (EngineMessage.Prefix + _written + count > Buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _written += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(sizeHint);
        return Buffer.AsMemory(EngineMessage.Prefix + _written);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(sizeHint);
        return Buffer.AsSpan(EngineMessage.Prefix + _written);
    }

    /// <summary>Hands the buffer to a new message (reference count 1); the writer is empty afterwards.</summary>
    public EngineMessage ToMessage(bool isBinary)
    {
        var message = EngineMessage.Create(Buffer, _written, isBinary);
        _buffer = null;
        _written = 0;
        return message;
    }

    /// <summary>Returns the buffer to the pool unless <see cref="ToMessage"/> handed it on.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    /// <summary>
    /// An empty writer for one message, reused per thread so encoding allocates nothing; hand it back with
    /// <see cref="Return"/> (a writer rented while this thread's are all out is a new one).
    /// </summary>
    internal static EngineMessageWriter Rent(int sizeHint)
    {
        var cached = t_cached;
        if (cached is null || t_cachedCount == 0)
        {
            return new EngineMessageWriter(sizeHint);
        }

        var writer = cached[--t_cachedCount]!;
        cached[t_cachedCount] = null;
        writer._buffer = RentBuffer(sizeHint);
        return writer;
    }

    /// <summary>Disposes <paramref name="writer"/> (returning a buffer it still holds) and keeps it for the next <see cref="Rent"/>.</summary>
    internal static void Return(EngineMessageWriter writer)
    {
        writer.Dispose();
        writer._written = 0;
        var cached = t_cached ??= new EngineMessageWriter?[CachedPerThread];
        if (t_cachedCount < cached.Length)
        {
            cached[t_cachedCount++] = writer;
        }
    }

    private static byte[] RentBuffer(int sizeHint) => ArrayPool<byte>.Shared.Rent(EngineMessage.Prefix + Math.Max(sizeHint, 16));

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
