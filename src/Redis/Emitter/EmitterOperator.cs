using TypedSockets.Redis.Emitter;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Redis;

/// <summary>
/// The recipients of an emitter's emit in one namespace: <see cref="To"/> rooms (union), <see cref="Except"/> rooms,
/// on every server of the cluster. Immutable: each method returns a new selection. Every emit is serialized once and
/// published once.
/// </summary>
public readonly struct EmitterOperator
{
    private readonly EmitterProtocol _protocol;
    private readonly string _namespace;
    private readonly string[]? _rooms;
    private readonly string[]? _exceptRooms;
    private readonly bool _volatile;

    internal EmitterOperator(EmitterProtocol protocol, string nsp, string[]? rooms, string[]? exceptRooms, bool isVolatile)
    {
        _protocol = protocol;
        _namespace = nsp;
        _rooms = rooms;
        _exceptRooms = exceptRooms;
        _volatile = isVolatile;
    }

    /// <summary>The namespace emitted to.</summary>
    public string Namespace => _namespace;

    /// <summary>Adds <paramref name="room"/> to the rooms addressed (a client in several of them gets the event once).</summary>
    /// <param name="room">The room; a connection id addresses that one connection.</param>
    public EmitterOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_protocol, _namespace, _rooms is null ? [room] : [.. _rooms, room], _exceptRooms, _volatile);
    }

    /// <summary>Leaves out every client in <paramref name="room"/>.</summary>
    /// <param name="room">The room left out.</param>
    public EmitterOperator Except(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_protocol, _namespace, _rooms, _exceptRooms is null ? [room] : [.. _exceptRooms, room], _volatile);
    }

    /// <summary>
    /// The same selection, flagged volatile (socket.io's <c>emitter.volatile</c>): with
    /// <see cref="RedisBackplaneProtocol.SocketIO"/> the flag travels and a Node server may drop the event for a client
    /// that cannot take it now; the native protocol has no such flag, so the event is delivered as usual.
    /// </summary>
    public EmitterOperator Volatile => new(_protocol, _namespace, _rooms, _exceptRooms, isVolatile: true);

    /// <summary>Emits an event without arguments.</summary>
    /// <param name="eventName">The event name.</param>
    public void Emit(string eventName) => Emit(eventName, 0, static (_, _) => { });

    /// <summary>Emits an event with one argument of pre-serialized JSON.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="argumentJson">The argument, one JSON value in UTF-8.</param>
    public void Emit(string eventName, ReadOnlySpan<byte> argumentJson) =>
        Emit(eventName, argumentJson, static (writer, json) => writer.WriteJson(json));

    /// <summary>Emits an event with the arguments <paramref name="write"/> writes (binary ones included).</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="state">What <paramref name="write"/> reads the arguments from.</param>
    /// <param name="write">Writes the arguments.</param>
    public void Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(write);
        var protocol = Protocol;
        var packet = SocketIOPacketWriter.WriteEvent(PacketPrefix(_namespace), -1, eventName, state, write);
        try
        {
            protocol.PublishBroadcast(_namespace, packet, _rooms, _exceptRooms, _volatile);
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>Makes the selected clients join <paramref name="room"/>, on every server (socket.io's <c>socketsJoin</c>).</summary>
    /// <param name="room">The room to join.</param>
    public void SocketsJoin(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Protocol.PublishCommand(_namespace, BackplaneCommand.Join, _rooms, _exceptRooms, room);
    }

    /// <summary>Makes the selected clients leave <paramref name="room"/>, on every server (socket.io's <c>socketsLeave</c>).</summary>
    /// <param name="room">The room to leave.</param>
    public void SocketsLeave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Protocol.PublishCommand(_namespace, BackplaneCommand.Leave, _rooms, _exceptRooms, room);
    }

    /// <summary>Disconnects the selected clients, on every server (socket.io's <c>disconnectSockets</c>).</summary>
    /// <param name="close">True to close their whole connections, not only their sockets in this namespace.</param>
    public void DisconnectSockets(bool close = false) =>
        Protocol.PublishCommand(_namespace, BackplaneCommand.Disconnect, _rooms, _exceptRooms, close ? "close" : null);

    /// <summary>
    /// Sends a server-side event to every server of the namespace (socket.io's <c>serverSideEmit</c>): each runs the
    /// handler registered with <see cref="TypedSockets.SocketIO.Namespace.OnServerSideEvent"/> (a Node server its <c>io.on(event)</c>
    /// listener). No acknowledgements: the emitter holds no subscription to collect them.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="argumentJson">One argument as UTF-8 JSON, or empty for none.</param>
    /// <exception cref="InvalidOperationException">Rooms were selected: a server-side event goes to servers, not rooms.</exception>
    public void ServerSideEmit(string eventName, ReadOnlySpan<byte> argumentJson = default)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (_rooms is not null || _exceptRooms is not null)
        {
            throw new InvalidOperationException("A server-side event goes to every server of the namespace; rooms do not apply. Call it on TypedSocketsEmitter.Of(namespace).");
        }

        Protocol.PublishServerSideEvent(_namespace, eventName, argumentJson);
    }

    private EmitterProtocol Protocol => _protocol ?? throw new InvalidOperationException("An EmitterOperator comes from a TypedSocketsEmitter.");

    private static byte[] PacketPrefix(string nsp) => nsp == "/" ? [] : System.Text.Encoding.UTF8.GetBytes(nsp + ",");
}
