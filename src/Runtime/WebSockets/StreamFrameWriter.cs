using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace TypedSockets.WebSockets;

/// <summary>
/// A lean <see cref="PipeWriter"/> over a stream: frames are assembled in one pooled buffer and
/// <see cref="FlushAsync(CancellationToken)"/> hands them to the stream in a single write. Used under the connection's
/// send lock only, so it needs no synchronization, and a send costs no allocation. The buffer is kept
/// between back-to-back sends and handed back with <see cref="ReleaseBuffer"/> when the sender goes idle.
/// </summary>
internal sealed class StreamFrameWriter(Stream stream) : PipeWriter
{
    private const int MinimumSize = 4096;

    // A buffer grown for one large message is returned after the write rather than kept per connection.
    private const int RetainedSize = 16 * 1024;

    private byte[] _buffer = [];
    private int _written;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _written;

    public override void Advance(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _buffer.Length - _written);
        _written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_written == 0)
        {
            return default;
        }

        var write = stream.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
            return AwaitWriteAsync(write);
        }

        write.GetAwaiter().GetResult();
        Reset();
        return default;
    }

    /// <summary>Writes what is buffered; a stream that throws at once gives a faulted write instead, so the caller needs no handler.</summary>
    public ValueTask StartFlush(CancellationToken cancellationToken)
    {
        if (_written == 0)
        {
            return default;
        }

        ValueTask write;
        try
        {
            write = stream.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
        }
        catch (Exception exception)
        {
            return ValueTask.FromException(exception);
        }

        if (!write.IsCompletedSuccessfully)
        {
            return AwaitWriteThenAsync(write, ReadOnlyMemory<byte>.Empty, cancellationToken);
        }

        write.GetAwaiter().GetResult();
        Reset();
        return default;
    }

    /// <summary>
    /// Writes what is buffered (a frame header, say), then <paramref name="payload"/> (may be empty)
    /// straight from the caller's memory: a large unmasked payload is not copied into the buffer first.
    /// </summary>
    public ValueTask FlushAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_written == 0)
        {
            return payload.IsEmpty ? default : stream.WriteAsync(payload, cancellationToken);
        }

        var write = stream.WriteAsync(_buffer.AsMemory(0, _written), cancellationToken);
        if (!write.IsCompletedSuccessfully)
        {
            return AwaitWriteThenAsync(write, payload, cancellationToken);
        }

        write.GetAwaiter().GetResult();
        Reset();
        return payload.IsEmpty ? default : stream.WriteAsync(payload, cancellationToken);
    }

    /// <summary>
    /// Returns the buffer to the pool when nothing is waiting to be flushed: kept by an idle connection it
    /// would be most of what that connection costs, and renting it per write would cost every send.
    /// </summary>
    public void ReleaseBuffer()
    {
        if (_written == 0 && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public override void CancelPendingFlush()
    {
        // Writes go straight to the stream; there is no pending flush to cancel separately.
    }

    public override void Complete(Exception? exception = null)
    {
        // The buffer is only touched under the send lock; it is left to the collector rather than
        // returned to the pool while a write might still read from it.
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> AwaitWriteAsync(ValueTask write)
    {
        await write.ConfigureAwait(false);
        Reset();
        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitWriteThenAsync(ValueTask write, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await write.ConfigureAwait(false);
        Reset();
        if (!payload.IsEmpty)
        {
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Reset()
    {
        _written = 0;
        if (_buffer.Length > RetainedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumSize, _buffer.Length * 2)));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
