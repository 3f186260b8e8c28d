using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using TypedSockets.WebSockets;

namespace TypedSockets.EngineIO;

/// <summary>
/// The WebSocket transport: one Engine.IO packet per frame, binary frames are bare attachments. Whoever writes
/// (the send loop, or a thread ending an <see cref="EngineSendBatch"/>) writes everything queued as one batch and
/// flushes once; a receive loop feeds the session.
/// </summary>
internal sealed class WebSocketTransport : EngineTransport
{
    // Frames of the packets that are only their type, indexed by the type's digit ('0'..'6').
    private static readonly byte[][] TypeOnlyFrames = CreateTypeOnlyFrames();

    private static readonly byte[] ProbeAnswer = "3probe"u8.ToArray();

    // Messages handled per send batch when input keeps arriving: the acks they produced go out at least this often.
    private const int MaxMessagesPerBatch = 64;

    // A batch is flushed in pieces of about this size, so a long queue does not grow the send buffer past what it keeps.
    private const int FlushThreshold = 8 * 1024;

    // Past this many queued bytes a deferred session is woken at once instead of waiting for the batch to end.
    private const long MaxDeferredBytes = 64 * 1024;

    private readonly EngineSession _session;
    private readonly WebSocketConnection _connection;
    private readonly AsyncSignal _wake = new();
    private readonly List<OutboundPacket> _batch = [];

    // 1 while someone (the send loop or an inline flush) takes and writes the queue; only the owner touches _batch.
    private int _writing;

    // A batching thread will flush this session at its end. Guarded by the session lock.
    private bool _deferred;

    public WebSocketTransport(EngineSession session, WebSocketConnection connection)
    {
        _session = session;
        _connection = connection;
    }

    public override string Name => "websocket";

    public override void Wake()
    {
        if (_deferred)
        {
            if (_session.QueuedBytes >= MaxDeferredBytes)
            {
                _wake.Set();
            }

            return;
        }

        if (EngineSendBatch.TryDefer(this))
        {
            _deferred = true;
            return;
        }

        _wake.Set();
    }

    /// <summary>
    /// The batching thread that deferred this session's wake-up reached its end: writes the queue here and now
    /// unless the send loop is writing (then it gets the rest) or the session closed (the send loop closes it).
    /// </summary>
    public void FlushDeferred()
    {
        lock (_session.SyncRoot)
        {
            _deferred = false;
            if (_session.IsClosed)
            {
                _wake.Set();
                return;
            }

            if (!_session.HasQueued)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
            {
                _wake.Set();
                return;
            }

            _session.TakeQueuedLocked(_batch);
        }

        var writing = WriteBatchAsync();
        if (writing.IsCompleted)
        {
            FinishInlineWrite(writing);
        }
        else
        {
            // A slow client: the write goes on without holding up the batching thread.
            _ = FinishInlineWriteAsync(writing);
        }
    }

    public override bool OnSessionClosed(EngineCloseMode mode) => mode == EngineCloseMode.Flush && _session.HasQueued;

    /// <summary>
    /// Runs the session over this WebSocket (after the open packet or the upgrade) until it ends: this method is
    /// the send loop, then waits for the receive loop, then releases the connection. One frame for both loops on
    /// purpose: an idle connection keeps it while it waits for something to send.
    /// </summary>
    public async Task RunAsync()
    {
        // The receive loop starts first: a send loop with a closed session's last packets closes the connection
        // before its first await, and a close with nobody receiving would read the peer's answer itself.
        var receiving = ReceiveLoopAsync();
        try
        {
            while (true)
            {
                var wake = _wake.WaitAsync();
                if (!wake.IsCompleted)
                {
                    // Nothing more to send for now: an idle connection keeps no send buffer.
                    _connection.ReleaseSendBuffer();
                }

                await wake.ConfigureAwait(false);
                if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    // An inline flush is writing; it wakes this loop again if more is queued or the session closed.
                    continue;
                }

                bool isClosed;
                try
                {
                    lock (_session.SyncRoot)
                    {
                        _session.TakeQueuedLocked(_batch);
                        isClosed = _session.IsClosed;
                    }

                    await WriteBatchAsync().ConfigureAwait(false);
                }
                finally
                {
                    ReleaseAll(_batch);
                    Volatile.Write(ref _writing, 0);
                }

                if (isClosed)
                {
                    _session.Remove();
                    await _connection.CloseAsync(CloseCodeFor(_session.CloseReason)).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception exception)
        {
            FailSend(exception);
        }

        try
        {
            // The close frame went out; the peer has the close timeout to answer it.
            await receiving.WaitAsync(_session.Server.WebSocketOptions.CloseTimeout, _session.Server.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _connection.Abort();
            await receiving.ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The upgrade of a polling session: answers <c>2probe</c> with <c>3probe</c>, waits for <c>5</c>, then
    /// takes over the session. Returns false (the session stays on polling) when the client does anything
    /// else, goes away, or takes longer than the upgrade timeout.
    /// </summary>
    public async Task<bool> TryUpgradeAsync()
    {
        var options = _session.Options;
        using var timeout = new CancellationTokenSource(options.UpgradeTimeout, _session.Server.TimeProvider);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var probed = false;

        // A session that ends abandons the upgrade, except when the server closed it with packets still queued
        // after the probe was answered: the client stops polling then, so they can only go on this WebSocket.
        using var onClosed = _session.Closed.Register(() =>
        {
            bool deliverHere;
            lock (_session.SyncRoot)
            {
                deliverHere = Volatile.Read(ref probed) && _session.CloseMode == EngineCloseMode.Flush && _session.HasQueued;
                if (deliverHere)
                {
                    _session.ExtendDrainLocked();
                }
            }

            if (!deliverHere)
            {
                abandon.Cancel();
            }
        });
        try
        {
            while (true)
            {
                var message = await _connection.ReceiveAsync(abandon.Token).ConfigureAwait(false);
                var packet = message.Payload.Span;
                if (message.Kind == WebSocketMessageKind.Text && !probed && packet.SequenceEqual("2probe"u8))
                {
                    // Nothing but this answer goes out on the new WebSocket until the client sends 5. Probed from
                    // before the send: a client that may have the answer stops polling once it has it.
                    Volatile.Write(ref probed, true);
                    await _connection.SendAsync(ProbeAnswer, WebSocketMessageKind.Text, abandon.Token).ConfigureAwait(false);
                    _session.BeginUpgrading();
                }
                else if (message.Kind == WebSocketMessageKind.Text && probed && packet.Length == 1 && packet[0] == (byte)EnginePacketType.Upgrade)
                {
                    if (!_session.TrySwitchTransport(this))
                    {
                        return false;
                    }

                    EngineLog.Upgraded(_session.Server.Logger, _session.Id);
                    return true;
                }
                else
                {
                    EngineLog.UpgradeAbandoned(_session.Server.Logger, _session.Id, message.Kind == WebSocketMessageKind.Close ? "websocket closed" : "unexpected packet during the upgrade");
                    return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            EngineLog.UpgradeAbandoned(_session.Server.Logger, _session.Id, timeout.IsCancellationRequested ? "upgrade timeout" : "session closed");
            return false;
        }
        catch (Exception exception)
        {
            EngineLog.TransportFailed(_session.Server.Logger, exception, _session.Id, Name);
            return false;
        }
    }

    /// <summary>Closes a WebSocket that never became the session's transport.</summary>
    public ValueTask CloseUnusedAsync() => _connection.CloseAsync(WebSocketCloseCode.NormalClosure);

    private static byte[][] CreateTypeOnlyFrames()
    {
        var frames = new byte[7][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = [0x80 | (byte)WebSocketOpcode.Text, 1, (byte)('0' + i)];
        }

        return frames;
    }

    private static WebSocketCloseCode CloseCodeFor(EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.ParseError => WebSocketCloseCode.ProtocolError,
        EngineCloseReason.OutboundQueueFull => WebSocketCloseCode.PolicyViolation,
        EngineCloseReason.ServerShuttingDown => WebSocketCloseCode.GoingAway,
        _ => WebSocketCloseCode.NormalClosure,
    };

    /// <summary>Writes <see cref="_batch"/> (owned through <see cref="_writing"/>), flushing once per piece of about <see cref="FlushThreshold"/> bytes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteBatchAsync()
    {
        var unflushed = 0;
        for (var i = 0; i < _batch.Count; i++)
        {
            var packet = _batch[i];
            var frame = packet.Message?.WebSocketFrame ?? TypeOnlyFrames[packet.Type - EnginePacketType.Open];
            unflushed += frame.Length;
            var flush = i == _batch.Count - 1 || unflushed >= FlushThreshold;
            await _connection.SendPreframedAsync(frame, flush).ConfigureAwait(false);
            if (flush)
            {
                unflushed = 0;
            }
        }
    }

    private void FinishInlineWrite(ValueTask writing)
    {
        try
        {
            writing.GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            FailSend(exception);
        }
        finally
        {
            ReleaseAll(_batch);
            Volatile.Write(ref _writing, 0);
        }

        lock (_session.SyncRoot)
        {
            // Whatever was queued while this write held the queue, or a close, is the send loop's now.
            if (_session.HasQueued || _session.IsClosed)
            {
                _wake.Set();
                return;
            }
        }

        _connection.ReleaseSendBuffer();
    }

    private async Task FinishInlineWriteAsync(ValueTask writing)
    {
        try
        {
            await writing.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            FailSend(exception);
        }

        FinishInlineWrite(ValueTask.CompletedTask);
    }

    private void FailSend(Exception exception)
    {
        EngineLog.TransportFailed(_session.Server.Logger, exception, _session.Id, Name);
        _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "websocket send failed");
        _connection.Abort();
    }

    /// <summary>
    /// Feeds the session until the connection or the session ends. One async method on purpose, which also waits
    /// for input itself: an idle connection keeps this frame alone for as long as it is open.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        // Messages handled in the current send batch; the batch ends before anything that would wait.
        var batched = 0;
        try
        {
            while (true)
            {
                if (_connection.TryBeginWaitForInput(out var waiting))
                {
                    if (batched > 0 && !waiting.IsCompleted)
                    {
                        EngineSendBatch.End();
                        batched = 0;
                    }

                    ReadResult read = default;
                    Exception? failure = null;
                    try
                    {
                        read = await waiting.ConfigureAwait(false);
                    }
                    catch (Exception exception)
                    {
                        failure = exception;
                    }

                    _connection.EndWaitForInput(read, failure);
                }

                var receive = _connection.ReceiveAsync();
                if (batched > 0 && (!receive.IsCompleted || batched >= MaxMessagesPerBatch))
                {
                    EngineSendBatch.End();
                    batched = 0;
                }

                var message = await receive.ConfigureAwait(false);
                if (batched++ == 0)
                {
                    EngineSendBatch.Begin();
                }

                switch (message.Kind)
                {
                    case WebSocketMessageKind.Close:
                        var status = _connection.CloseStatus;
                        var clean = status is null or WebSocketCloseCode.NormalClosure or WebSocketCloseCode.GoingAway or WebSocketCloseCode.NoStatusReceived;
                        _session.Terminate(clean ? EngineCloseReason.TransportClose : EngineCloseReason.TransportError, EngineCloseMode.Discard, $"websocket closed ({status})");
                        return;
                    case WebSocketMessageKind.Binary:
                        var delivery = _session.DeliverAsync(message.Payload, isBinary: true);
                        if (!delivery.IsCompleted)
                        {
                            EngineSendBatch.End();
                            batched = 0;
                        }

                        await delivery.ConfigureAwait(false);
                        break;
                    default:
                        var handling = OnTextAsync(message.Payload);
                        if (!handling.IsCompleted)
                        {
                            EngineSendBatch.End();
                            batched = 0;
                        }

                        if (!await handling.ConfigureAwait(false))
                        {
                            return;
                        }

                        break;
                }
            }
        }
        catch (Exception exception)
        {
            // The batch ends first, so what it deferred goes out before the session closes.
            if (batched > 0)
            {
                EngineSendBatch.End();
                batched = 0;
            }

            EngineLog.TransportFailed(_session.Server.Logger, exception, _session.Id, Name);
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "websocket receive failed");
            _connection.Abort();
        }
        finally
        {
            if (batched > 0)
            {
                EngineSendBatch.End();
            }
        }
    }

    /// <summary>One text packet from the client; false when it ended the session.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> OnTextAsync(ReadOnlyMemory<byte> packet)
    {
        var type = packet.IsEmpty ? (byte)0 : packet.Span[0];
        switch (type)
        {
            case (byte)EnginePacketType.Message:
                await _session.DeliverAsync(packet[1..], isBinary: false).ConfigureAwait(false);
                return true;
            case (byte)EnginePacketType.Pong:
                _session.OnPong();
                return true;
            case (byte)EnginePacketType.Close:
                _session.Terminate(EngineCloseReason.TransportClose, EngineCloseMode.ClientClose, "close packet from the client");
                return false;
            case (byte)EnginePacketType.Open or (byte)EnginePacketType.Upgrade or (byte)EnginePacketType.Noop:
                return true;
            default:
                var detail = type == (byte)EnginePacketType.Ping ? "ping from the client" : "unknown packet type";
                EngineLog.ProtocolViolation(_session.Server.Logger, _session.Id, detail);
                _session.Terminate(EngineCloseReason.ParseError, EngineCloseMode.Discard, detail);
                return false;
        }
    }

    private static void ReleaseAll(List<OutboundPacket> batch)
    {
        foreach (var packet in batch)
        {
            packet.Release();
        }

        batch.Clear();
    }
}
