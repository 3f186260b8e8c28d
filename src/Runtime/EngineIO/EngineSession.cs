using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TypedSockets.Diagnostics;
using TypedSockets.Threading;

namespace TypedSockets.EngineIO;

/// <summary>
/// One Engine.IO session: its outbound queue (bounded in bytes), its heartbeat, the transport it currently
/// uses, and the ordering of calls to its <see cref="IEngineSessionHandler"/>.
/// </summary>
/// <remarks>
/// One lock (<see cref="SyncRoot"/>) guards the queue, the state and the transports' own bookkeeping, so a
/// transport switch, a close and a send can never interleave halfway. Handler calls go through a gate
/// (one at a time, in order) that is never taken under the lock.
/// </remarks>
internal sealed partial class EngineSession : IEngineSession
{
    private readonly EngineServer _server;
    private OutboundQueue _queue;
    private readonly AsyncLock _handlerGate = new();

    // Created when first asked for (only an upgrade from polling watches it): an idle session should not carry one.
    private CancellationTokenSource? _closed;
    private long _queuedBytes;
    private long _pingArmedAt;
    private bool _awaitingPong;
    private bool _isClosed;
    private bool _isRemoved;
    private bool _upgradeReserved;
    private EngineTransport _transport;

    // Set once the layer above accepted the session; null before (and for a session that closed first).
    private IEngineSessionHandler? _handler;

    public EngineSession(EngineServer server, string id, EngineHandshake handshake, Func<EngineSession, EngineTransport> createTransport)
    {
        _server = server;
        Id = id;
        Handshake = handshake;
        _transport = createTransport(this);
        OpenedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>A session opened on a WebSocket.</summary>
    public EngineSession(EngineServer server, string id, EngineHandshake handshake, WebSockets.WebSocketConnection connection)
    {
        _server = server;
        Id = id;
        Handshake = handshake;
        _transport = new WebSocketTransport(this, connection);
        OpenedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    public string Id { get; }

    public EngineHandshake Handshake { get; }

    public CancellationToken Closed => (_closed ?? InitializeClosed()).Token;

    /// <remarks>The session itself (an internal class, handed out only as <see cref="IEngineSession"/>): a lock object of its own would cost every idle connection one more object.</remarks>
    internal object SyncRoot => this;

    /// <summary>The per-address concurrency permit this session holds (null when that limit is off); released when the session is forgotten.</summary>
    internal System.Threading.RateLimiting.RateLimitLease? Admission { get; set; }

    /// <summary>When the heartbeat is due next (a <see cref="TimeProvider"/> timestamp); owned by <see cref="HeartbeatScheduler"/>.</summary>
    internal long HeartbeatDue { get; set; }

    /// <summary>The session's place in <see cref="HeartbeatScheduler"/>, -1 when no heartbeat is scheduled; owned by it.</summary>
    internal int HeartbeatIndex { get; set; } = -1;

    internal EngineServer Server => _server;

    /// <summary>When the session opened (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for its duration.</summary>
    internal long OpenedAt { get; }

    internal EngineOptions Options => _server.Options;

    /// <summary>The transport packets currently leave through. Read under <see cref="SyncRoot"/>.</summary>
    internal EngineTransport Transport => _transport;

    /// <summary>True once the session ended (it may still be draining a last poll). Read under <see cref="SyncRoot"/>.</summary>
    internal bool IsClosed => _isClosed;

    /// <summary>How the session closed; meaningful once <see cref="IsClosed"/>.</summary>
    internal EngineCloseMode CloseMode { get; private set; }

    /// <summary>Engine.IO's reason the session closed; meaningful once <see cref="IsClosed"/>.</summary>
    internal EngineCloseReason CloseReason { get; private set; }

    /// <summary>True while a WebSocket has answered the probe and the client has not sent <c>5</c> yet.</summary>
    internal bool IsUpgrading { get; private set; }

    /// <summary>Packets are waiting. Read under <see cref="SyncRoot"/>.</summary>
    internal bool HasQueued => _queue.Count > 0;

    /// <summary>Bytes of the packets waiting. Read under <see cref="SyncRoot"/>.</summary>
    internal long QueuedBytes => _queuedBytes;

    public bool Send(EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var length = message.Packet.Length;
        lock (SyncRoot)
        {
            if (_isClosed)
            {
                return false;
            }

            // A message larger than the bound still goes out alone: it exists already, and refusing it would
            // make it undeliverable to anyone; what the bound stops is a backlog piling up behind a slow client.
            if (_queuedBytes == 0 || _queuedBytes + length <= Options.MaxOutboundBytes)
            {
                message.Retain();
                _queue.Enqueue(OutboundPacket.For(message));
                _queuedBytes += length;
                _transport.Wake();
                return true;
            }
        }

        EngineLog.OutboundQueueFull(_server.Logger, Id, length, Options.MaxOutboundBytes);
        _server.Metrics.LimitClose(TypedSocketsMetrics.Limits.OutboundQueue);
        Terminate(EngineCloseReason.OutboundQueueFull, EngineCloseMode.Discard);
        return false;
    }

    public void Close(string reason) => Terminate(EngineCloseReason.ForcedClose, EngineCloseMode.Flush, reason);

    /// <summary>Starts the heartbeat and hands the session to the acceptor for its handler; before any message is delivered.</summary>
    internal async ValueTask OpenAsync()
    {
        lock (SyncRoot)
        {
            if (!_isClosed)
            {
                ArmPingLocked();
            }
        }

        await _handlerGate.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!Volatile.Read(ref _isClosed))
            {
                _handler = _server.Acceptor.OnOpen(this);
            }
        }
        finally
        {
            _handlerGate.Exit();
        }
    }

    /// <summary>Hands one incoming message to the handler, after every earlier one; skipped once the session closed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask DeliverAsync(ReadOnlyMemory<byte> payload, bool isBinary)
    {
        await _handlerGate.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!Volatile.Read(ref _isClosed))
            {
                await _handler!.OnMessageAsync(payload, isBinary).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            EngineLog.HandlerFailed(_server.Logger, exception, Id);
            Terminate(EngineCloseReason.ForcedClose, EngineCloseMode.Discard, "the handler failed");
        }
        finally
        {
            _handlerGate.Exit();
        }
    }

    /// <summary>
    /// Closes the session with "ping timeout" when its pong is overdue even though the timer has not fired
    /// yet (timers run late on a busy machine), so a request sees the outcome it would see a moment later.
    /// Returns true when this call closed the session.
    /// </summary>
    internal bool ExpireIfOverdue()
    {
        bool overdue;
        lock (SyncRoot)
        {
            if (_isClosed)
            {
                return false;
            }

            overdue = _awaitingPong
                && _server.TimeProvider.GetElapsedTime(_pingArmedAt) >= Options.PingInterval + Options.PingTimeout;
        }

        if (overdue)
        {
            Terminate(EngineCloseReason.PingTimeout, EngineCloseMode.Discard, "no pong within pingTimeout");
        }

        return overdue;
    }

    /// <summary>A pong arrived: the client is alive, the next ping is due one interval from now.</summary>
    internal void OnPong()
    {
        lock (SyncRoot)
        {
            if (_awaitingPong && !_isClosed)
            {
                _awaitingPong = false;
                ArmPingLocked();
            }
        }
    }

    /// <summary>
    /// Moves every queued packet into <paramref name="batch"/> (in order); the caller holds <see cref="SyncRoot"/>
    /// and releases each packet once written or dropped.
    /// </summary>
    internal void TakeQueuedLocked(List<OutboundPacket> batch)
    {
        while (_queue.TryDequeue(out var packet))
        {
            batch.Add(packet);
        }

        _queuedBytes = 0;
    }

    /// <inheritdoc cref="TakeQueuedLocked(List{OutboundPacket})"/>
    internal void TakeQueuedLocked(ref OutboundBatch batch)
    {
        while (_queue.TryDequeue(out var packet))
        {
            batch.Add(packet);
        }

        _queuedBytes = 0;
    }

    /// <summary>
    /// Claims the session's one upgrade for a new WebSocket: false when the session is closed, already
    /// upgraded, or another WebSocket is probing (the spec allows one WebSocket per session).
    /// </summary>
    internal bool TryReserveUpgrade()
    {
        lock (SyncRoot)
        {
            if (_isClosed || _upgradeReserved || _transport is not PollingTransport)
            {
                return false;
            }

            _upgradeReserved = true;
            return true;
        }
    }

    /// <summary>The probe was answered: pending and new polls now end with a noop so the client can pause polling.</summary>
    internal void BeginUpgrading()
    {
        lock (SyncRoot)
        {
            if (!_isClosed)
            {
                IsUpgrading = true;
                _transport.Wake();
            }
        }
    }

    /// <summary>The probing WebSocket went away before <c>5</c>: the session stays on polling and may try again.</summary>
    internal void AbandonUpgrade()
    {
        lock (SyncRoot)
        {
            _upgradeReserved = false;
            IsUpgrading = false;
        }
    }

    /// <summary>
    /// Makes <paramref name="transport"/> the one packets leave through (the client sent <c>5</c>); false if
    /// the session closed meanwhile with nothing left to deliver. A session the server closed during the upgrade
    /// still switches, so what it queued and its close (the client stopped polling for the upgrade) reach the client
    /// on the WebSocket.
    /// </summary>
    internal bool TrySwitchTransport(EngineTransport transport)
    {
        lock (SyncRoot)
        {
            if (_isRemoved || (_isClosed && CloseMode != EngineCloseMode.Flush))
            {
                return false;
            }

            var previous = _transport;
            _transport = transport;
            if (!_isClosed)
            {
                _server.Metrics.Upgraded(previous.Name, transport.Name);
            }

            IsUpgrading = false;
            previous.Wake();
            transport.Wake();
            return true;
        }
    }

    /// <summary>
    /// Ends the session once: later sends fail, the transport is told, the handler gets <c>OnClose</c> after
    /// any call it is in. <paramref name="reason"/> is Engine.IO's; <paramref name="detail"/> is for the log.
    /// </summary>
    internal void Terminate(EngineCloseReason reason, EngineCloseMode mode, string? detail = null)
    {
        EngineTransport transport;
        lock (SyncRoot)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            CloseMode = mode;
            CloseReason = reason;
            _awaitingPong = false;
            if (mode != EngineCloseMode.Flush)
            {
                DropQueuedLocked();
            }

            transport = _transport;
        }

        _server.OnSessionClosed();
        _server.Metrics.ConnectionClosed(transport.Name, reason.ToReasonString(), OpenedAt);

        bool transportKeepsSession;
        lock (SyncRoot)
        {
            transportKeepsSession = transport.OnSessionClosed(mode) && !_isRemoved;
            transport.Wake();
            if (transportKeepsSession)
            {
                // Bounds how long a client that never polls again keeps the session's last packets alive.
                _server.Heartbeats.Schedule(this, Options.PingTimeout);
            }
            else
            {
                _server.Heartbeats.Cancel(this);
            }
        }

        if (!transportKeepsSession)
        {
            Remove();
        }

        // Logged once the session is forgotten (when nothing is left to tell its client): whoever reads the line and asks
        // for the sid again gets "unknown sid", not the close of a session still on its way out.
        EngineLog.SessionClosed(_server.Logger, Id, transport.Name, reason.ToReasonString(), detail ?? string.Empty);
        CancelClosed(Volatile.Read(ref _closed));
        _ = RaiseCloseAsync(reason);
    }

    /// <summary>Forgets the session for good: its sid becomes unknown and anything still queued is dropped.</summary>
    internal void Remove()
    {
        lock (SyncRoot)
        {
            if (_isRemoved)
            {
                return;
            }

            _isRemoved = true;
            DropQueuedLocked();
            Admission?.Dispose();
            Admission = null;
            _server.Heartbeats.Cancel(this);
        }

        _server.RemoveSession(this);
    }

    /// <summary>
    /// A closed session still has something to tell its client (its close after a poll that carried its last
    /// packets, or those packets after an upgrade that is finishing): the client gets a full heartbeat period
    /// from now to come for it. The caller holds <see cref="SyncRoot"/>.
    /// </summary>
    internal void ExtendDrainLocked()
    {
        if (_isClosed && !_isRemoved)
        {
            _server.Heartbeats.Schedule(this, Options.PingInterval + Options.PingTimeout);
        }
    }

    private CancellationTokenSource InitializeClosed() =>
        LazyCancellation.Initialize(ref _closed, this, static session => Volatile.Read(ref session._isClosed), static (session, closed) => session.CancelClosed(closed));

    private void CancelClosed(CancellationTokenSource? closed)
    {
        try
        {
            closed?.Cancel();
        }
        catch (AggregateException exception)
        {
            // A callback registered on Closed failed; the session still ends and the handler still hears of it.
            EngineLog.HandlerFailed(_server.Logger, exception, Id);
        }
    }

    private void ArmPingLocked()
    {
        _pingArmedAt = _server.TimeProvider.GetTimestamp();
        _server.Heartbeats.Schedule(this, Options.PingInterval);
    }

    private void DropQueuedLocked()
    {
        while (_queue.TryDequeue(out var packet))
        {
            packet.Release();
        }

        _queuedBytes = 0;
    }

    /// <summary>The heartbeat is due: send a ping, or end the session whose pong (or last poll) is overdue.</summary>
    internal void OnHeartbeat()
    {
        var timedOut = false;
        var drainExpired = false;
        lock (SyncRoot)
        {
            if (_isRemoved)
            {
                return;
            }

            if (_isClosed)
            {
                drainExpired = true;
            }
            else if (_awaitingPong)
            {
                timedOut = true;
            }
            else
            {
                _awaitingPong = true;
                _queue.Enqueue(OutboundPacket.Ping);
                _transport.Wake();

                // The deadline is pingInterval + pingTimeout after arming, however late this callback ran.
                var late = _server.TimeProvider.GetElapsedTime(_pingArmedAt) - Options.PingInterval;
                var left = Options.PingTimeout - late;
                _server.Heartbeats.Schedule(this, left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }

        if (drainExpired)
        {
            Remove();
        }
        else if (timedOut)
        {
            Terminate(EngineCloseReason.PingTimeout, EngineCloseMode.Discard, "no pong within pingTimeout");
        }
    }

    private async Task RaiseCloseAsync(EngineCloseReason reason)
    {
        await _handlerGate.EnterAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // A session that closed before its handler heard of it (server shutdown mid-handshake) is not reported.
            _handler?.OnClose(reason);
        }
        catch (Exception exception)
        {
            EngineLog.HandlerFailed(_server.Logger, exception, Id);
        }
        finally
        {
            _handlerGate.Exit();
        }
    }
}
