using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using TypedSockets.Diagnostics;
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
    private OutboundBatch _batch;

    // 1 while someone (the send loop or an inline flush) takes and writes the queue; only the owner touches _batch.
    private int _writing;

    // A batching thread will flush this session at its end. Guarded by the session lock.
    private bool _deferred;

    public WebSocketTransport(EngineSession session, WebSocketConnection connection)
    {
        _session = session;
        _connection = connection;
    }

    public override string Name => EngineQuery.WebSocketTransport;

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

            _session.TakeQueuedLocked(ref _batch);
        }

        var writing = WriteBatch();
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
                        _session.TakeQueuedLocked(ref _batch);
                        isClosed = _session.IsClosed;
                    }

                    await WriteBatch().ConfigureAwait(false);
                }
                finally
                {
                    _batch.ReleaseAll();
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

        // One source for both ends of the wait: the upgrade timeout, and the session's close (below).
        using var abandon = new CancellationTokenSource(options.UpgradeTimeout, _session.Server.TimeProvider);
        var probed = false;
        var sessionClosed = false;

        // A session that ends abandons the upgrade, except when the server closed it after the probe was answered:
        // a client that has the answer stops polling, so its session's end (and whatever was still queued) can only
        // reach it on this WebSocket once it sends 5. Closing the WebSocket instead would fail its probe while its
        // polling is paused: socket.io-client then waits for a heartbeat that never comes. A client that polls
        // again first gets the close there, and its 5, if any, finds the session gone.
        using var onClosed = _session.Closed.Register(() =>
        {
            bool deliverHere;
            lock (_session.SyncRoot)
            {
                deliverHere = Volatile.Read(ref probed) && _session.CloseMode == EngineCloseMode.Flush;
                if (deliverHere)
                {
                    _session.ExtendDrainLocked();
                }
            }

            if (!deliverHere)
            {
                Volatile.Write(ref sessionClosed, true);
                abandon.Cancel();
            }
        });
        try
        {
            while (true)
            {
                var message = await _connection.ReceiveAsync(abandon.Token).ConfigureAwait(false);
                var meaning = message.Kind == WebSocketMessageKind.Text
                    ? EngineSession.ReadUpgradePacket(message.Payload.Span, probed)
                    : EngineUpgradePacket.Unexpected;
                if (meaning == EngineUpgradePacket.Probe)
                {
                    // Nothing but this answer goes out on the new WebSocket until the client sends 5. Probed from
                    // before the send: a client that may have the answer stops polling once it has it.
                    Volatile.Write(ref probed, true);
                    await _connection.SendAsync(ProbeAnswer, WebSocketMessageKind.Text, abandon.Token).ConfigureAwait(false);
                    _session.BeginUpgrading();
                }
                else if (meaning == EngineUpgradePacket.Upgrade)
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
            EngineLog.UpgradeAbandoned(_session.Server.Logger, _session.Id, Volatile.Read(ref sessionClosed) ? "session closed" : "upgrade timeout");
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

    /// <summary>
    /// Writes <see cref="_batch"/> (owned through <see cref="_writing"/>) under one hold of the connection's send
    /// lock, flushing once per piece of about <see cref="FlushThreshold"/> bytes; completes synchronously when the
    /// stream takes the writes at once.
    /// </summary>
    private ValueTask WriteBatch()
    {
        var metrics = _session.Server.Metrics;
        if (metrics.IsBytesSentEnabled)
        {
            long bytes = 0;
            for (var i = 0; i < _batch.Count; i++)
            {
                bytes += FrameOf(_batch[i]).Length;
            }

            metrics.BytesSent(Name, bytes);
        }

        return _connection.SendPreframedBatchAsync(new QueuedFrames(_batch), FlushThreshold);
    }

    private static ReadOnlyMemory<byte> FrameOf(OutboundPacket packet) =>
        packet.Message?.WebSocketFrame ?? TypeOnlyFrames[packet.Type - EnginePacketType.Open];

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
            _batch.ReleaseAll();
            Volatile.Write(ref _writing, 0);
        }

        lock (_session.SyncRoot)
        {
            // Whatever was queued while this write held the queue, or a close, is the send loop's now.
            if (_session.HasQueued || _session.IsClosed)
            {
                _wake.Set();
            }
        }

        // The batch write returned the send buffer already: an idle session keeps none.
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
        try
        {
            var next = default(ReceiveStep);
            while (true)
            {
                // Whatever would wait is awaited here, outside the send batch that the previous run ended.
                switch (next.Kind)
                {
                    case ReceiveStepKind.Read:
                        // No local lives across this await (a read result or failure kept for after it would be
                        // hoisted into the frame that every idle connection keeps).
                        ReadResult read;
                        try
                        {
                            read = await next.Read.ConfigureAwait(false);
                        }
                        catch (Exception exception)
                        {
                            _connection.EndWaitForInput(default, exception);
                            next = RunBatch();
                            break;
                        }

                        _connection.EndWaitForInput(read, failure: null);
                        next = RunBatch();
                        break;
                    case ReceiveStepKind.Handle:
                        next = await next.Handle.ConfigureAwait(false) ? RunBatch() : ReceiveStep.Stop;
                        break;
                    case ReceiveStepKind.Stop:
                        return;
                    default:
                        next = RunBatch();
                        break;
                }
            }
        }
        catch (Exception exception)
        {
            // A run's batch ended on its way out, so what it deferred went out before the session closes.
            EngineLog.TransportFailed(_session.Server.Logger, exception, _session.Id, Name);
            _session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "websocket receive failed");
            _connection.Abort();
        }
    }

    /// <summary>
    /// Handles messages in one send batch for as long as each is at hand and handled without waiting (at most
    /// <see cref="MaxMessagesPerBatch"/>, so the acks they produced go out at least that often). Returns the step that
    /// would wait, for the caller to await after the batch ended.
    /// </summary>
    private ReceiveStep RunBatch()
    {
        using var batch = EngineSendBatch.Enter();
        for (var handled = 0; handled < MaxMessagesPerBatch; handled++)
        {
            if (_connection.TryBeginWaitForInput(out var waiting))
            {
                if (!waiting.IsCompletedSuccessfully)
                {
                    return new ReceiveStep(waiting);
                }

                _connection.EndWaitForInput(waiting.Result, failure: null);
            }

            var receive = _connection.ReceiveAsync();
            if (!receive.IsCompleted)
            {
                // A message still arriving (rare: a frame split over reads) is awaited in a pooled frame of its own,
                // so the loop's frame, which every idle connection keeps, has one kind of await less.
                return new ReceiveStep(ReceiveThenHandleAsync(receive));
            }

            var message = receive.Result;
            var handling = OnMessageAsync(message);
            if (!handling.IsCompleted)
            {
                return new ReceiveStep(handling);
            }

            if (!handling.Result)
            {
                return ReceiveStep.Stop;
            }
        }

        return default;
    }

    /// <summary>Hands one WebSocket message to the session; false when the session is over for this connection.</summary>
    private ValueTask<bool> OnMessageAsync(WebSocketMessage message)
    {
        switch (message.Kind)
        {
            case WebSocketMessageKind.Close:
                var status = _connection.CloseStatus;
                var clean = status is null or WebSocketCloseCode.NormalClosure or WebSocketCloseCode.GoingAway or WebSocketCloseCode.NoStatusReceived;
                if (status == WebSocketCloseCode.MessageTooBig)
                {
                    _session.Server.Metrics.LimitClose(TypedSocketsMetrics.Limits.MaxPayload);
                }

                _session.Terminate(clean ? EngineCloseReason.TransportClose : EngineCloseReason.TransportError, EngineCloseMode.Discard, $"websocket closed ({status})");
                return new ValueTask<bool>(false);
            case WebSocketMessageKind.Binary:
                // Over WebSocket a binary frame is the attachment itself.
                _session.Server.Metrics.BytesReceived(Name, message.Payload.Length);
                var delivery = _session.OnBinaryAsync(message.Payload);
                return delivery.IsCompletedSuccessfully ? new ValueTask<bool>(true) : AwaitDeliveryAsync(delivery);
            default:
                _session.Server.Metrics.BytesReceived(Name, message.Payload.Length);
                var handling = _session.OnPacketAsync(message.Payload);
                return handling.IsCompletedSuccessfully
                    ? new ValueTask<bool>(handling.Result == EnginePacketOutcome.Handled)
                    : AwaitPacketAsync(handling);
        }
    }

    /// <summary>Receives the rest of a message, then hands it to the session in a send batch of its own.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveThenHandleAsync(ValueTask<WebSocketMessage> receive)
    {
        var message = await receive.ConfigureAwait(false);
        ValueTask<bool> handling;
        using (EngineSendBatch.Enter())
        {
            handling = OnMessageAsync(message);
        }

        return await handling.ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> AwaitDeliveryAsync(ValueTask delivery)
    {
        await delivery.ConfigureAwait(false);
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> AwaitPacketAsync(ValueTask<EnginePacketOutcome> handling) =>
        await handling.ConfigureAwait(false) == EnginePacketOutcome.Handled;

    /// <summary>The frames of the queued packets, as the connection reads them: a view of the list, nothing copied.</summary>
    private readonly struct QueuedFrames(OutboundBatch batch) : IPreframedBatch
    {
        public int Count => batch.Count;

        public ReadOnlyMemory<byte> this[int index] => FrameOf(batch[index]);
    }
}
