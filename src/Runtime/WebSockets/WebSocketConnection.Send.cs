using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Unicode;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    private const int MaxCloseReasonBytes = 123;

    // From this size on, a server payload goes to the stream from the caller's memory (header first)
    // instead of being copied behind its header: the copy would cost more than the second write.
    private const int WriteThroughSize = 16 * 1024;

    /// <summary>
    /// Sends one message as a single frame (masked in the client role) and flushes. Safe from any
    /// thread: sends are serialized. After the close frame went out, messages are dropped; watch
    /// <see cref="Closed"/>. If cancelled mid-write the connection is aborted, as the frame is torn.
    /// </summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, WebSocketMessageKind kind, CancellationToken cancellationToken = default)
    {
        var opcode = kind switch
        {
            WebSocketMessageKind.Text => WebSocketOpcode.Text,
            WebSocketMessageKind.Binary => WebSocketOpcode.Binary,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use CloseAsync to close the connection."),
        };
        return SendFrameAsync(opcode, payload, cancellationToken);
    }

    /// <summary>
    /// Server role only: writes bytes that are already complete unmasked frames (such as an
    /// <c>EngineMessage.WebSocketFrame</c> shared by many recipients), flushing only when
    /// <paramref name="flush"/> is true so a batch goes out in one write. Serialized with
    /// <see cref="SendAsync"/>; dropped after the close frame went out.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendPreframedAsync(ReadOnlyMemory<byte> frames, bool flush, CancellationToken cancellationToken = default)
    {
        if (!_isServer)
        {
            throw new InvalidOperationException("Pre-framed (unmasked) frames can only be sent in the server role.");
        }

        await _sendLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!CanSend)
            {
                return;
            }

            if (flush && _output.UnflushedBytes == 0)
            {
                // Frames that go out alone are written from the caller's memory, not copied into the send buffer first.
                await FlushAsync(frames, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _output.Write(frames.Span);
                if (flush)
                {
                    await FlushAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _sendLock.Exit();
        }
    }

    /// <summary>
    /// Server role: writes a batch of pre-framed (unmasked) frames under one hold of the send lock, flushing once
    /// per piece of about <paramref name="flushThreshold"/> bytes and after the last frame. A frame that goes out
    /// alone, or a large one, is written from the caller's memory instead of being copied into the send buffer.
    /// When the lock is free and the stream takes every write at once (a broadcast's fan-out to receivers that
    /// keep up) this runs without an async state machine and with one lock operation per batch, not per frame.
    /// The send buffer goes back to the pool once the batch is out, so a sender that goes idle after it keeps none.
    /// Dropped after the close frame went out; a failed write aborts the connection, as every send does.
    /// </summary>
    internal ValueTask SendPreframedBatchAsync<TBatch>(TBatch batch, int flushThreshold)
        where TBatch : IPreframedBatch
    {
        Debug.Assert(_isServer, "Pre-framed (unmasked) frames are sent in the server role only.");
        return _sendLock.TryEnter()
            ? SendPreframedBatchEntered(batch, flushThreshold)
            : SendPreframedBatchContendedAsync(batch, flushThreshold);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendPreframedBatchContendedAsync<TBatch>(TBatch batch, int flushThreshold)
        where TBatch : IPreframedBatch
    {
        await _sendLock.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        await SendPreframedBatchEntered(batch, flushThreshold).ConfigureAwait(false);
    }

    /// <summary>Writes the batch while holding the send lock, and releases the lock once every write is done.</summary>
    private ValueTask SendPreframedBatchEntered<TBatch>(TBatch batch, int flushThreshold)
        where TBatch : IPreframedBatch
    {
        var count = batch.Count;
        for (var i = 0; i < count && CanSend; i++)
        {
            var write = WriteBatchFrame(batch[i], i == count - 1, flushThreshold);
            if (!write.IsCompletedSuccessfully)
            {
                // The stream pushes back (or failed): the rest of the batch follows the write asynchronously.
                return CompleteBatchAsync(write, batch, i + 1, flushThreshold);
            }

            write.GetAwaiter().GetResult();
        }

        // The batch is out: the buffer goes back to the pool now rather than after one more lock round trip.
        _output.ReleaseBuffer();
        _sendLock.Exit();
        return default;
    }

    /// <summary>Awaits a write of a batch, then writes the frames from <paramref name="next"/> on; releases the send lock.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CompleteBatchAsync<TBatch>(ValueTask write, TBatch batch, int next, int flushThreshold)
        where TBatch : IPreframedBatch
    {
        try
        {
            await ObserveWriteAsync(write, CancellationToken.None).ConfigureAwait(false);
            var count = batch.Count;
            for (var i = next; i < count && CanSend; i++)
            {
                await ObserveWriteAsync(WriteBatchFrame(batch[i], i == count - 1, flushThreshold), CancellationToken.None).ConfigureAwait(false);
            }

            _output.ReleaseBuffer();
        }
        finally
        {
            _sendLock.Exit();
        }
    }

    /// <summary>
    /// Puts one frame of a batch on its way: buffers it, and starts a write when it is the last one or the buffer
    /// reached <paramref name="flushThreshold"/>; a frame alone or a large one goes from the caller's memory, after
    /// whatever is buffered. Returns the write it started (completed when it only buffered); never throws.
    /// </summary>
    private ValueTask WriteBatchFrame(ReadOnlyMemory<byte> frame, bool last, int flushThreshold)
    {
        if (frame.Length >= WriteThroughSize || (last && _output.UnflushedBytes == 0))
        {
            try
            {
                return _output.FlushAsync(frame, CancellationToken.None);
            }
            catch (Exception exception)
            {
                return ValueTask.FromException(exception);
            }
        }

        _output.Write(frame.Span);
        return last || _output.UnflushedBytes >= flushThreshold ? _output.StartFlush(CancellationToken.None) : default;
    }

    /// <summary>
    /// Hands the send buffer back to the pool; a sender calls it when it has nothing more to send for now,
    /// so an idle connection holds no buffer. Skipped when a send is in progress (that send still needs it).
    /// </summary>
    internal void ReleaseSendBuffer()
    {
        if (_sendLock.TryEnter())
        {
            try
            {
                _output.ReleaseBuffer();
            }
            finally
            {
                _sendLock.Exit();
            }
        }
    }

    private bool CanSend => Volatile.Read(ref _closeSent) == 0 && Volatile.Read(ref _closed) == 0;

    /// <summary>
    /// Sends one frame; nothing is sent once our close frame went out. The common case (the lock is free
    /// and the stream takes the write at once) runs without an async state machine.
    /// </summary>
    private ValueTask SendFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _sendLock.TryEnter() ? SendFrameEntered(opcode, payload, cancellationToken) : SendFrameContendedAsync(opcode, payload, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendFrameContendedAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _sendLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        await SendFrameEntered(opcode, payload, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one frame while holding the send lock, and releases the lock once the write is done.</summary>
    private ValueTask SendFrameEntered(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!CanSend)
        {
            _sendLock.Exit();
            return default;
        }

        if (payload.Length >= WriteThroughSize)
        {
            return SendLargeFrameAsync(opcode, payload, cancellationToken);
        }

        // A frame under 16 KiB always fits the writer's pooled buffer, so only the stream write can fail; it
        // is the one call wrapped in a handler (a handler around more would keep the payload on the stack).
        WriteFrame(opcode, payload.Span);
        var write = _output.StartFlush(cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            _sendLock.Exit();
            return default;
        }

        return CompleteSendAsync(write, cancellationToken);
    }

    /// <summary>A large frame: from the caller's memory after the header in the server role, else copied (and masked) as usual.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendLargeFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        try
        {
            if (_isServer)
            {
                var header = _output.GetSpan(WebSocketFrameHeader.MaxUnmaskedSize);
                _output.Advance(WebSocketFrameHeader.WriteUnmasked(header, opcode, payload.Length));
                await FlushAsync(payload, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                WriteFrame(opcode, payload.Span);
                await FlushAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Exit();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CompleteSendAsync(ValueTask write, CancellationToken cancellationToken)
    {
        try
        {
            await ObserveWriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Exit();
        }
    }

    /// <summary>Sends our close frame once; false when one was already sent or the connection ended.</summary>
    private async ValueTask<bool> TrySendCloseAsync(WebSocketCloseCode code, string? reason, CancellationToken cancellationToken)
    {
        await _sendLock.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _closed) != 0 || Interlocked.Exchange(ref _closeSent, 1) != 0)
            {
                return false;
            }

            WriteCloseFrame(code, reason);
            await FlushAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _sendLock.Exit();
        }
    }

    private void WriteCloseFrame(WebSocketCloseCode code, string? reason)
    {
        Span<byte> payload = stackalloc byte[2 + MaxCloseReasonBytes];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)code);
        var length = 2;
        if (!string.IsNullOrEmpty(reason))
        {
            // Too long a reason is cut at a code point boundary to fit the 125-byte control payload.
            Utf8.FromUtf16(reason, payload[2..], out _, out var written);
            length += written;
        }

        WriteFrame(WebSocketOpcode.Close, payload[..length]);
    }

    /// <summary>Writes one final frame, header and payload, into one reserved span of the writer.</summary>
    private void WriteFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        if (_isServer)
        {
            var frame = _output.GetSpan(WebSocketFrameHeader.MaxUnmaskedSize + payload.Length);
            var headerLength = WebSocketFrameHeader.WriteUnmasked(frame, opcode, payload.Length);
            payload.CopyTo(frame[headerLength..]);
            _output.Advance(headerLength + payload.Length);
            return;
        }

        // The key lives in a local rather than a stackalloc buffer: a stack buffer would make the JIT guard
        // this method with a stack cookie and copy the payload span through memory on every send.
        var maskKey = 0u;
        var key = MemoryMarshal.AsBytes(new Span<uint>(ref maskKey));
        RandomNumberGenerator.Fill(key);
        var masked = _output.GetSpan(WebSocketFrameHeader.MaxMaskedSize + payload.Length);
        var maskedHeaderLength = WebSocketFrameHeader.WriteMasked(masked, opcode, payload.Length, key);
        WebSocketMask.Apply(payload, masked[maskedHeaderLength..], maskKey, 0);
        _output.Advance(maskedHeaderLength + payload.Length);
    }

    /// <summary>Writes the buffered frames, then <paramref name="payload"/> (may be empty); a failed transport aborts the connection.</summary>
    private ValueTask FlushAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ValueTask write;
        try
        {
            write = _output.FlushAsync(payload, cancellationToken);
        }
        catch (Exception exception)
        {
            write = ValueTask.FromException(exception);
        }

        return ObserveWriteAsync(write, cancellationToken);
    }

    /// <summary>Awaits a write; a cancelled one aborts the connection and throws, a failed one aborts it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ObserveWriteAsync(ValueTask write, CancellationToken cancellationToken)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abort();
            throw;
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
            Abort();
        }
    }
}
