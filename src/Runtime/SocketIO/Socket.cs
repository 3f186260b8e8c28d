using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.Threading;

namespace TypedSockets.SocketIO;

/// <summary>
/// One client connected to one namespace. Handlers registered with <see cref="On"/> (normally inside the
/// namespace's connection handler) run one at a time, in the order the client sent the events.
/// </summary>
public sealed class Socket
{
    private const int Connecting = 0;
    private const int Connected = 1;
    private const int Closed = 2;

    // Guarded by locking _incoming, as is everything else of the socket that handlers and the connection share.
    private SocketEventHandlers _handlers;

    // Set once, while the connection handlers run; read without the lock by the handler loop (which runs after them).
    private ISocketEventSink? _sink;

    // Created on first use: most sockets never emit with an ack, read Items or watch Disconnected, and an
    // idle connection should not carry them.
    private Dictionary<long, AckReceiver>? _pendingAcks;
    private ConcurrentDictionary<string, object?>? _items;
    private CancellationTokenSource? _disconnected;
    private System.Security.Claims.ClaimsPrincipal? _user;

    // Events waiting for the handler that runs now; locking the queue is the socket's one lock.
    private readonly Queue<IncomingEvent> _incoming = new();
    private readonly int _maxPendingEvents;
    private TaskCompletionSource? _roomWaiter;

    // Handlers are running (the connection handlers first, then events); later events wait in _incoming.
    private bool _dispatching = true;
    private bool _incomingClosed;
    private bool _disconnectHandlersStarted;

    // One delegate combining every handler in registration order: a socket usually has one or none, and an array
    // of them would cost every connection one more object.
    private Func<string, ValueTask>? _disconnectHandlers;

    // How many of _disconnectHandlers come before the sink's own disconnect handler (its place in registration order).
    private int _sinkDisconnectPosition;
    private Func<SocketIOEvent, ValueTask>? _anyHandler;
    private int _state;
    private string _disconnectReason = DisconnectReasons.TransportClose;

    internal Socket(Namespace @namespace, SocketIOConnection connection, string id, ReadOnlyMemory<byte> auth, int maxPendingEvents, ConcurrentDictionary<string, object?>? recoveredItems = null)
    {
        Namespace = @namespace;
        Connection = connection;
        Id = id;
        Auth = auth;
        _maxPendingEvents = maxPendingEvents;
        _items = recoveredItems;
    }

    /// <summary>
    /// True when this socket took back the session of one that lost its connection (connection state recovery): it
    /// has that socket's id, rooms and <see cref="Items"/>, and the packets it missed were replayed before any other.
    /// The client's <c>socket.recovered</c> says the same.
    /// </summary>
    public bool Recovered { get; private set; }

    /// <summary>The private session id of connection state recovery (null when recovery is off); never shown to other clients.</summary>
    internal string? Pid { get; private set; }

    /// <summary>The last recovery offset handed out before this socket connected.</summary>
    internal long LastOffsetAtConnect { get; private set; }

    /// <summary>The session kept for this socket when it lost its connection, or null (a typed hub waits on it).</summary>
    internal RecoverySession? KeptSession { get; private set; }

    /// <summary>The Socket.IO id (not the Engine.IO session id); also the name of the room only this socket is in.</summary>
    public string Id { get; private set; }

    /// <summary>The namespace the socket connected to.</summary>
    public Namespace Namespace { get; }

    /// <summary>The auth payload of the client's CONNECT as raw JSON (<c>{}</c> when it sent none).</summary>
    public ReadOnlyMemory<byte> Auth { get; }

    /// <summary>The HTTP request that opened the Engine.IO session.</summary>
    public EngineHandshake Handshake => Connection.Session.Handshake;

    /// <summary>
    /// Who the socket acts for: the user of the opening HTTP request (<see cref="EngineHandshake.User"/>) unless
    /// connection middleware set another (a token from the CONNECT auth payload, say).
    /// </summary>
    public System.Security.Claims.ClaimsPrincipal User
    {
        get => _user ?? Handshake.User;
        set => _user = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The transport under the socket's connection right now: <c>polling</c> or <c>websocket</c>.</summary>
    public string Transport => SocketIOObservation.TransportOf(Connection.Session);

    /// <summary>The Engine.IO session id under this socket.</summary>
    public string SessionId => Connection.Session.Id;

    /// <summary>
    /// Free slots for the application (middleware can leave the authenticated user here). Safe to read and write from
    /// any thread: another socket's handler, a timer or a background task may touch them while this socket's handler runs.
    /// </summary>
    public IDictionary<string, object?> Items => _items ?? InitializeItems();

    /// <summary>True from the CONNECT answer until the socket disconnects.</summary>
    public bool IsConnected => Volatile.Read(ref _state) == Connected;

    /// <summary>Cancelled when the socket disconnects, whichever way.</summary>
    public CancellationToken Disconnected => (_disconnected ?? InitializeDisconnected()).Token;

    /// <summary>The rooms this socket is in (a snapshot), its own id included.</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.RoomsOf(this);

    /// <summary>Everyone in the namespace but this socket.</summary>
    public BroadcastOperator Broadcast => new(Namespace, null, null, this);

    internal SocketIOConnection Connection { get; }

    /// <summary>Why the socket ended (socket.io's words); set before it leaves its namespace.</summary>
    internal string DisconnectReason => _disconnectReason;

    /// <summary>The rooms this socket is in; guarded by the namespace's lock, which alone changes them.</summary>
    internal SocketRooms JoinedRooms;

    /// <summary>
    /// Registers the handler of event <paramref name="eventName"/> (one per name; a later one replaces it). On the
    /// socket of a typed hub, the events the hub declares go to the hub; this handler gets the others.
    /// </summary>
    public void On(string eventName, Func<SocketIOEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_incoming)
        {
            _handlers.Set(eventName, handler);
        }
    }

    /// <summary>
    /// Registers the handler of every event that has no handler of its own (one; a later one replaces it).
    /// It can switch on <see cref="SocketIOEvent.NameUtf8"/> without allocating the name.
    /// </summary>
    public void OnAny(Func<SocketIOEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_incoming)
        {
            _anyHandler = handler;
        }
    }

    /// <summary>
    /// Whether an event the sink does not know still has a listener here (a handler of its name, or
    /// <see cref="OnAny"/>'s); a typed hub reports an event nobody listens to. Off the hot path: the name is decoded.
    /// </summary>
    internal bool HasListener(string name)
    {
        lock (_incoming)
        {
            return _anyHandler is not null || _handlers.TryGet(name, out _, out _);
        }
    }

    /// <summary>Installs the sink that sees every event before the handlers by name (a typed hub's; one per socket).</summary>
    internal void SetEventSink(ISocketEventSink sink)
    {
        lock (_incoming)
        {
            if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
            {
                throw new InvalidOperationException($"Socket {Id} already has an event sink: one typed hub serves a namespace.");
            }

            // Its disconnect handler runs after the ones registered before it, as OnDisconnect would have placed it.
            var registered = 0;
            foreach (var _ in Delegate.EnumerateInvocationList(_disconnectHandlers))
            {
                registered++;
            }

            _sinkDisconnectPosition = registered;
        }
    }

    /// <summary>Registers a handler that runs once after the socket disconnected, with socket.io's reason.</summary>
    public void OnDisconnect(Func<string, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_incoming)
        {
            _disconnectHandlers += handler;
        }
    }

    /// <summary>Emits an event without arguments; false when the socket is gone or its session refused the packet.</summary>
    public bool Emit(string eventName) => Emit(eventName, 0, static (_, _) => { });

    /// <summary>Emits an event with one argument of pre-serialized JSON.</summary>
    public bool Emit(string eventName, ReadOnlySpan<byte> argumentJson) =>
        Emit(eventName, argumentJson, static (writer, json) => writer.WriteJson(json));

    /// <summary>Emits an event with the arguments <paramref name="write"/> writes.</summary>
    public bool Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (!IsConnected)
        {
            return false;
        }

        if (Namespace.Recovery is { } recovery)
        {
            // As socket.io with recovery on: the packet is kept and carries an offset, so a client that loses the
            // connection before it arrives gets it on recovery.
            return recovery.Emit(Namespace, eventName, state, write, null, null, null, this) > 0;
        }

        var packet = SocketIOPacketWriter.WriteEvent(Namespace.PacketPrefix, -1, eventName, state, write);
        try
        {
            if (Namespace.Server.Observer is { } observer)
            {
                SocketIOObservation.EventSent(observer, packet.Text, [this]);
            }

            return Namespace.Server.Metrics.EventSent(Namespace.Name, Connection.Send(packet));
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>Emits an event and waits for the client's acknowledgement; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<EventArguments> EmitWithAckAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        EmitWithAckAsync(eventName, 0, static (_, _) => { }, timeout, cancellationToken);

    /// <summary>As <see cref="EmitWithAckAsync(string, TimeSpan, CancellationToken)"/>, with one argument of pre-serialized JSON.</summary>
    public Task<EventArguments> EmitWithAckAsync(string eventName, ReadOnlySpan<byte> argumentJson, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        EmitWithAckAsync(eventName, argumentJson, static (writer, json) => writer.WriteJson(json), timeout, cancellationToken);

    /// <summary>As <see cref="EmitWithAckAsync(string, TimeSpan, CancellationToken)"/>, with the arguments <paramref name="write"/> writes.</summary>
    public Task<EventArguments> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        if (!IsConnected)
        {
            return Task.FromException<EventArguments>(new SocketDisconnectedException(Id));
        }

        var ackId = Namespace.NextAckId();
        var receiver = new SingleAckReceiver();
        AddPendingAck(ackId, receiver);
        var packet = SocketIOPacketWriter.WriteEvent(Namespace.PacketPrefix, ackId, eventName, state, write);
        try
        {
            if (Namespace.Server.Observer is { } observer)
            {
                SocketIOObservation.EventSent(observer, packet.Text, [this]);
            }

            Namespace.Server.Metrics.EventSent(Namespace.Name, Connection.Send(packet));
        }
        finally
        {
            packet.Release();
        }

        return WaitForAckAsync(ackId, receiver, timeout, cancellationToken);
    }

    /// <summary>Joins <paramref name="room"/> in this namespace (server side only, as in socket.io).</summary>
    /// <exception cref="RoomLimitExceededException">The socket is in <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms already.</exception>
    public void Join(string room) => Namespace.Join(this, room);

    /// <summary>Leaves <paramref name="room"/>.</summary>
    public void Leave(string room) => Namespace.Leave(this, room);

    /// <summary>Everyone in <paramref name="room"/> but this socket.</summary>
    public BroadcastOperator To(string room) => Broadcast.To(room);

    /// <summary>
    /// Disconnects from this namespace (the client gets DISCONNECT; reason "server namespace disconnect").
    /// With <paramref name="close"/>, the whole Engine.IO connection closes too.
    /// </summary>
    public void Disconnect(bool close = false)
    {
        if (close)
        {
            Connection.CloseFromServer();
        }
        else
        {
            Close(DisconnectReasons.ServerNamespaceDisconnect, notifyClient: true);
        }
    }

    internal bool SendAck<TState>(long ackId, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (!IsConnected)
        {
            return false;
        }

        var packet = SocketIOPacketWriter.WriteAck(Namespace.PacketPrefix, ackId, state, write);
        try
        {
            return Connection.Send(packet);
        }
        finally
        {
            packet.Release();
        }
    }

    internal void MarkConnected() => Interlocked.CompareExchange(ref _state, Connected, Connecting);

    internal void BeginRecoverableSession(string pid, bool recovered, long lastOffsetAtConnect)
    {
        Pid = pid;
        Recovered = recovered;
        LastOffsetAtConnect = lastOffsetAtConnect;
    }

    /// <summary>The session could not be recovered after all: the socket starts as a new one (before it is visible to anyone).</summary>
    internal void ForgetRecoveredSession(string newId)
    {
        Id = newId;
        _items = null;
    }

    /// <summary>Whether a socket that closed with <paramref name="reason"/> may come back (socket.io's list).</summary>
    private static bool IsRecoverable(string reason) => reason is DisconnectReasons.TransportClose or DisconnectReasons.PingTimeout
        or DisconnectReasons.ForcedServerClose or "transport error" or "forced close" or "server shutting down";

    internal void AddPendingAck(long ackId, AckReceiver receiver)
    {
        lock (_incoming)
        {
            (_pendingAcks ??= [])[ackId] = receiver;
        }
    }

    /// <summary>False when the ack was already settled (answered, or failed by the disconnect).</summary>
    internal bool RemovePendingAck(long ackId)
    {
        lock (_incoming)
        {
            return _pendingAcks is not null && _pendingAcks.Remove(ackId);
        }
    }

    /// <summary>The client answered an emit; an unknown id (late or duplicate) is ignored, as socket.io does.</summary>
    internal void ReceiveAck(long ackId, EventArguments ownedArguments)
    {
        AckReceiver? receiver = null;
        lock (_incoming)
        {
            _pendingAcks?.Remove(ackId, out receiver);
        }

        receiver?.OnAck(this, ownedArguments);
    }

    /// <summary>
    /// Hands an event to its handler: right here when no handler is running and none is waiting (the handler then
    /// runs on the receiving thread, and only its synchronous part holds up the next message), otherwise after
    /// the ones before it. Waits while <c>MaxPendingEvents</c> are queued.
    /// </summary>
    internal ValueTask EnqueueAsync(IncomingEvent incoming)
    {
        lock (_incoming)
        {
            if (_incomingClosed)
            {
                incoming.Release();
                return ValueTask.CompletedTask;
            }

            if (_dispatching)
            {
                if (_incoming.Count < _maxPendingEvents)
                {
                    _incoming.Enqueue(incoming);
                    return ValueTask.CompletedTask;
                }

                return WaitForRoomAsync(incoming);
            }

            _dispatching = true;
        }

        StartDispatching(incoming);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs the connection handlers, then the events that arrived meanwhile (later ones are dispatched as they come).</summary>
    internal async Task RunAsync()
    {
        foreach (var handler in Namespace.ConnectionHandlers)
        {
            try
            {
                await handler(this).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
            }
        }

        await DispatchAllAsync(null).ConfigureAwait(false);
    }

    private async ValueTask WaitForRoomAsync(IncomingEvent incoming)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_incoming)
            {
                if (_incomingClosed)
                {
                    incoming.Release();
                    return;
                }

                if (!_dispatching)
                {
                    // The handlers caught up meanwhile and the queue is empty: this event goes first.
                    _dispatching = true;
                    break;
                }

                if (_incoming.Count < _maxPendingEvents)
                {
                    _incoming.Enqueue(incoming);
                    return;
                }

                waiter = _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await waiter.Task.ConfigureAwait(false);
        }

        StartDispatching(incoming);
    }

    /// <summary>Dispatches on this thread; a handler that has to wait finishes on its own while the connection reads on.</summary>
    private void StartDispatching(IncomingEvent incoming)
    {
        var dispatching = DispatchAllAsync(incoming);
        if (dispatching.IsCompleted)
        {
            dispatching.GetAwaiter().GetResult();
        }
        else
        {
            _ = dispatching.AsTask();
        }
    }

    /// <summary>Dispatches <paramref name="first"/> (if any), then every queued event; the one dispatcher while it runs.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DispatchAllAsync(IncomingEvent? first)
    {
        if (first is { } incoming)
        {
            await DispatchOneAsync(incoming).ConfigureAwait(false);
        }

        while (true)
        {
            IncomingEvent next;
            TaskCompletionSource? roomWaiter;
            lock (_incoming)
            {
                if (!_incoming.TryDequeue(out next))
                {
                    _dispatching = false;
                    if (!_incomingClosed || _disconnectHandlersStarted)
                    {
                        return;
                    }

                    _disconnectHandlersStarted = true;
                    break;
                }

                roomWaiter = _roomWaiter;
                _roomWaiter = null;
            }

            roomWaiter?.TrySetResult();
            await DispatchOneAsync(next).ConfigureAwait(false);
        }

        await RunDisconnectHandlersAsync().ConfigureAwait(false);
    }

    private async ValueTask DispatchOneAsync(IncomingEvent incoming)
    {
        var telemetry = SocketTelemetry.StartEvent(this, incoming);
        try
        {
            await DispatchAsync(incoming).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            telemetry.Failed(this, exception);
            SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
        }
        finally
        {
            telemetry.Stop(this, incoming);
            incoming.Release();
        }
    }

    private async Task RunDisconnectHandlersAsync()
    {
        using var activity = Diagnostics.TypedSocketsActivities.StartDisconnect(Namespace.Name, Id, _disconnectReason);
        Func<string, ValueTask>? disconnectHandlers;
        int sinkPosition;
        lock (_incoming)
        {
            disconnectHandlers = _disconnectHandlers;
            sinkPosition = _sinkDisconnectPosition;
        }

        // Each handler on its own, so one that fails does not keep the others from running. The sink's (a typed hub's
        // OnDisconnected) runs where it was registered among them, as if it were one of the delegates.
        var sink = Volatile.Read(ref _sink);
        var position = 0;
        foreach (var handler in Delegate.EnumerateInvocationList(disconnectHandlers))
        {
            if (position++ == sinkPosition && sink is not null)
            {
                await RunDisconnectHandlerAsync(null, sink).ConfigureAwait(false);
                sink = null;
            }

            await RunDisconnectHandlerAsync(handler, null).ConfigureAwait(false);
        }

        if (sink is not null)
        {
            await RunDisconnectHandlerAsync(null, sink).ConfigureAwait(false);
        }
    }

    private async ValueTask RunDisconnectHandlerAsync(Func<string, ValueTask>? handler, ISocketEventSink? sink)
    {
        try
        {
            await (handler is not null ? handler(_disconnectReason) : sink!.OnDisconnectedAsync(_disconnectReason)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
        }
    }

    /// <summary>Ends the socket once: leaves every room, fails pending acks, then the loop runs the disconnect handlers.</summary>
    internal void Close(string reason, bool notifyClient)
    {
        if (Interlocked.Exchange(ref _state, Closed) == Closed)
        {
            return;
        }

        _disconnectReason = reason;
        if (notifyClient)
        {
            var message = SocketIOPacketWriter.WriteDisconnect(Namespace.PacketPrefix);
            try
            {
                Connection.Send(message);
            }
            finally
            {
                message.Release();
            }
        }

        var keep = Pid is not null && Namespace.Recovery is not null && IsRecoverable(reason);
        var rooms = keep ? Namespace.RoomsOf(this) : null;
        Namespace.Remove(this);
        Connection.Remove(this);
        if (keep)
        {
            // After the socket left the namespace, so the session can only be taken back by a new socket.
            KeptSession = Namespace.Recovery!.Keep(Pid!, Id, [.. rooms!], _items, LastOffsetAtConnect);
        }

        AckReceiver[] pending = [];
        lock (_incoming)
        {
            if (_pendingAcks is not null)
            {
                pending = [.. _pendingAcks.Values];
                _pendingAcks.Clear();
            }
        }

        foreach (var receiver in pending)
        {
            receiver.OnDisconnected(this);
        }

        // Events already queued are still dispatched; the disconnect handlers run after the last of them.
        bool finishHere;
        TaskCompletionSource? roomWaiter;
        lock (_incoming)
        {
            _incomingClosed = true;
            finishHere = !_dispatching && !_disconnectHandlersStarted;
            _disconnectHandlersStarted |= finishHere;
            roomWaiter = _roomWaiter;
            _roomWaiter = null;
        }

        roomWaiter?.TrySetResult();
        if (finishHere)
        {
            _ = RunDisconnectHandlersAsync();
        }

        CancelDisconnected(Volatile.Read(ref _disconnected));

        SocketIOLog.SocketDisconnected(Namespace.Server.Logger, Id, Namespace.Name, reason);
        Namespace.Server.Observer?.OnSocketDisconnected(this, reason);
    }

    private async Task<EventArguments> WaitForAckAsync(long ackId, SingleAckReceiver receiver, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Namespace.Server.Metrics.AckStarting();
        try
        {
            var answer = await receiver.Task.WaitAsync(timeout, Namespace.Server.TimeProvider, cancellationToken).ConfigureAwait(false);
            Namespace.Server.Metrics.AckReceived(started, Namespace.Name);
            return answer;
        }
        finally
        {
            RemovePendingAck(ackId);
        }
    }

    private ValueTask UnknownEvent()
    {
        Namespace.Server.Metrics.Failure(Diagnostics.TypedSocketsMetrics.Errors.UnknownEvent, Namespace.Name, null);
        return ValueTask.CompletedTask;
    }

    private ConcurrentDictionary<string, object?> InitializeItems()
    {
        var items = new ConcurrentDictionary<string, object?>(StringComparer.Ordinal);
        return Interlocked.CompareExchange(ref _items, items, null) ?? items;
    }

    private CancellationTokenSource InitializeDisconnected() =>
        LazyCancellation.Initialize(ref _disconnected, this, static socket => Volatile.Read(ref socket._state) == Closed, static (socket, disconnected) => socket.CancelDisconnected(disconnected));

    private void CancelDisconnected(CancellationTokenSource? disconnected)
    {
        try
        {
            disconnected?.Cancel();
        }
        catch (AggregateException exception)
        {
            SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
        }
    }

    /// <summary>
    /// Runs the handler of <paramref name="incoming"/>: the event sink's when it knows the name, else the one
    /// registered for the name, else <see cref="OnAny"/>'s (internal for the dispatch benchmarks).
    /// </summary>
    internal ValueTask DispatchAsync(IncomingEvent incoming)
    {
        var nameUtf8 = incoming.Buffer.AsMemory(incoming.Name);
        string? name = null;
        if (incoming.NameEscaped)
        {
            name = SocketIOPacketParser.DecodeName(nameUtf8.Span, escaped: true);
            nameUtf8 = Encoding.UTF8.GetBytes(name);
        }

        if (Namespace.Server.Observer is { } observer)
        {
            observer.OnEventReceived(new SocketIOEvent(this, name, nameUtf8, incoming.Arguments, incoming.AckId));
        }

        if (Volatile.Read(ref _sink) is { } sink && sink.TryDispatch(new SocketIOEvent(this, name, nameUtf8, incoming.Arguments, incoming.AckId), out var pending))
        {
            return pending;
        }

        Func<SocketIOEvent, ValueTask>? handler;
        lock (_incoming)
        {
            if (name is not null)
            {
                _handlers.TryGet(name, out _, out handler);
            }
            else
            {
                Span<char> chars = stackalloc char[128];
                if (nameUtf8.Length <= chars.Length && Encoding.UTF8.TryGetChars(nameUtf8.Span, chars, out var written))
                {
                    _handlers.TryGet(chars[..written], out name, out handler);
                }
                else
                {
                    name = Encoding.UTF8.GetString(nameUtf8.Span);
                    _handlers.TryGet(name, out _, out handler);
                }
            }

            handler ??= _anyHandler;
        }

        // Like socket.io, an event nobody listens to is dropped (its ack, if asked, never comes); it is counted.
        return handler is null
            ? UnknownEvent()
            : handler(new SocketIOEvent(this, name, nameUtf8, incoming.Arguments, incoming.AckId));
    }
}
