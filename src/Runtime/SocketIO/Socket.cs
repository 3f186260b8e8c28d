using System.Text;
using System.Threading.Channels;
using TypedSockets.EngineIO;

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

    private readonly Dictionary<string, Func<SocketIOEvent, ValueTask>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, AckReceiver> _pendingAcks = [];
    private readonly CancellationTokenSource _disconnected = new();
    private readonly Channel<IncomingEvent> _incoming;
    private Func<string, ValueTask>[] _disconnectHandlers = [];
    private Func<SocketIOEvent, ValueTask>? _anyHandler;
    private int _state;
    private string _disconnectReason = DisconnectReasons.TransportClose;

    internal Socket(Namespace @namespace, SocketIOConnection connection, string id, ReadOnlyMemory<byte> auth, int maxPendingEvents)
    {
        Namespace = @namespace;
        Connection = connection;
        Id = id;
        Auth = auth;
        _incoming = Channel.CreateBounded<IncomingEvent>(new BoundedChannelOptions(maxPendingEvents)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The Socket.IO id (not the Engine.IO session id); also the name of the room only this socket is in.</summary>
    public string Id { get; }

    public Namespace Namespace { get; }

    /// <summary>The auth payload of the client's CONNECT as raw JSON (<c>{}</c> when it sent none).</summary>
    public ReadOnlyMemory<byte> Auth { get; }

    /// <summary>The HTTP request that opened the Engine.IO session.</summary>
    public EngineHandshake Handshake => Connection.Session.Handshake;

    /// <summary>The Engine.IO session id under this socket.</summary>
    public string SessionId => Connection.Session.Id;

    /// <summary>Free slots for the application (middleware can leave the authenticated user here).</summary>
    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    public bool IsConnected => Volatile.Read(ref _state) == Connected;

    /// <summary>Cancelled when the socket disconnects, whichever way.</summary>
    public CancellationToken Disconnected => _disconnected.Token;

    /// <summary>The rooms this socket is in (a snapshot), its own id included.</summary>
    public IReadOnlyCollection<string> Rooms => Namespace.RoomsOf(this);

    /// <summary>Everyone in the namespace but this socket.</summary>
    public BroadcastOperator Broadcast => new(Namespace, null, null, this);

    internal SocketIOConnection Connection { get; }

    internal HashSet<string> JoinedRooms { get; } = new(StringComparer.Ordinal);

    /// <summary>Registers the handler of event <paramref name="eventName"/> (one per name; a later one replaces it).</summary>
    public void On(string eventName, Func<SocketIOEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _handlers[eventName] = handler;
        }
    }

    /// <summary>
    /// Registers the handler of every event that has no handler of its own (one; a later one replaces it).
    /// It can switch on <see cref="SocketIOEvent.NameUtf8"/> without allocating the name.
    /// </summary>
    public void OnAny(Func<SocketIOEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _anyHandler = handler;
        }
    }

    /// <summary>Registers a handler that runs once after the socket disconnected, with socket.io's reason.</summary>
    public void OnDisconnect(Func<string, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _disconnectHandlers = [.. _disconnectHandlers, handler];
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

        var packet = SocketIOPacketWriter.WriteEvent(Namespace.PacketPrefix, -1, eventName, state, write);
        try
        {
            return Connection.Send(packet);
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
            Connection.Send(packet);
        }
        finally
        {
            packet.Release();
        }

        return WaitForAckAsync(ackId, receiver, timeout, cancellationToken);
    }

    /// <summary>Joins <paramref name="room"/> in this namespace (server side only, as in socket.io).</summary>
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

    internal void AddPendingAck(long ackId, AckReceiver receiver)
    {
        lock (_pendingAcks)
        {
            _pendingAcks[ackId] = receiver;
        }
    }

    /// <summary>False when the ack was already settled (answered, or failed by the disconnect).</summary>
    internal bool RemovePendingAck(long ackId)
    {
        lock (_pendingAcks)
        {
            return _pendingAcks.Remove(ackId);
        }
    }

    /// <summary>The client answered an emit; an unknown id (late or duplicate) is ignored, as socket.io does.</summary>
    internal void ReceiveAck(long ackId, EventArguments ownedArguments)
    {
        AckReceiver? receiver;
        lock (_pendingAcks)
        {
            _pendingAcks.Remove(ackId, out receiver);
        }

        receiver?.OnAck(this, ownedArguments);
    }

    /// <summary>Queues an event for the handler loop; waits while the queue is full.</summary>
    internal async ValueTask EnqueueAsync(IncomingEvent incoming)
    {
        if (_incoming.Writer.TryWrite(incoming))
        {
            return;
        }

        try
        {
            await _incoming.Writer.WriteAsync(incoming).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            incoming.Release();
        }
    }

    /// <summary>Runs the connection handlers, then every queued event, then the disconnect handlers.</summary>
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

        var reader = _incoming.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var incoming))
            {
                try
                {
                    await DispatchAsync(incoming).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
                }
                finally
                {
                    incoming.Release();
                }
            }
        }

        Func<string, ValueTask>[] disconnectHandlers;
        lock (_handlers)
        {
            disconnectHandlers = _disconnectHandlers;
        }

        foreach (var handler in disconnectHandlers)
        {
            try
            {
                await handler(_disconnectReason).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
            }
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

        Namespace.Remove(this);
        Connection.Remove(this);
        AckReceiver[] pending;
        lock (_pendingAcks)
        {
            pending = [.. _pendingAcks.Values];
            _pendingAcks.Clear();
        }

        foreach (var receiver in pending)
        {
            receiver.OnDisconnected(this);
        }

        _incoming.Writer.TryComplete();
        try
        {
            _disconnected.Cancel();
        }
        catch (AggregateException exception)
        {
            SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, Namespace.Name, exception);
        }

        SocketIOLog.SocketDisconnected(Namespace.Server.Logger, Id, Namespace.Name, reason);
    }

    private async Task<EventArguments> WaitForAckAsync(long ackId, SingleAckReceiver receiver, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await receiver.Task.WaitAsync(timeout, Namespace.Server.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemovePendingAck(ackId);
        }
    }

    /// <summary>Finds the handler of <paramref name="incoming"/> and runs it (internal for the dispatch benchmarks).</summary>
    internal ValueTask DispatchAsync(IncomingEvent incoming)
    {
        var nameUtf8 = incoming.Buffer.AsMemory(incoming.Name);
        Func<SocketIOEvent, ValueTask>? handler;
        string? name = null;
        lock (_handlers)
        {
            if (incoming.NameEscaped)
            {
                name = UnescapeName(nameUtf8.Span);
                nameUtf8 = Encoding.UTF8.GetBytes(name);
                _handlers.TryGetValue(name, out handler);
            }
            else
            {
                Span<char> chars = stackalloc char[128];
                if (nameUtf8.Length <= chars.Length && Encoding.UTF8.TryGetChars(nameUtf8.Span, chars, out var written))
                {
                    _handlers.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..written], out name, out handler);
                }
                else
                {
                    name = Encoding.UTF8.GetString(nameUtf8.Span);
                    _handlers.TryGetValue(name, out handler);
                }
            }

            handler ??= _anyHandler;
        }

        // Like socket.io, an event nobody listens to is dropped (its ack, if asked, never comes).
        return handler is null
            ? ValueTask.CompletedTask
            : handler(new SocketIOEvent(this, name, nameUtf8, incoming.Arguments, incoming.AckId));
    }

    private static string UnescapeName(ReadOnlySpan<byte> rawToken)
    {
        var json = new byte[rawToken.Length + 2];
        json[0] = (byte)'"';
        rawToken.CopyTo(json.AsSpan(1));
        json[^1] = (byte)'"';
        var reader = new System.Text.Json.Utf8JsonReader(json);
        reader.Read();
        return reader.GetString() ?? string.Empty;
    }
}
