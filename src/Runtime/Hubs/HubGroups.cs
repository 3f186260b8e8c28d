using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Rooms of one namespace (server side only, as in socket.io). The tasks complete at once on a single node;
/// they are tasks so that a backplane can make them wait for other nodes.
/// </summary>
public sealed class HubGroups
{
    private readonly Namespace _namespace;
    private readonly Socket? _caller;

    internal HubGroups(Namespace @namespace, Socket? caller)
    {
        _namespace = @namespace;
        _caller = caller;
    }

    /// <summary>Puts the caller in <paramref name="room"/>.</summary>
    /// <exception cref="RoomLimitExceededException">
    /// The caller is in <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms already. Left uncaught in a hub method,
    /// the caller gets an error acknowledgement saying so, and the server logs a rate-limited warning.
    /// </exception>
    public Task Add(string room)
    {
        Caller.Join(room);
        return Task.CompletedTask;
    }

    /// <summary>Takes the caller out of <paramref name="room"/>.</summary>
    public Task Remove(string room)
    {
        Caller.Leave(room);
        return Task.CompletedTask;
    }

    /// <summary>Puts connection <paramref name="connectionId"/> in <paramref name="room"/>; nothing when it is not connected.</summary>
    /// <exception cref="RoomLimitExceededException">That connection is in <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms already.</exception>
    public Task Add(string connectionId, string room)
    {
        if (_namespace.TryGetSocket(connectionId, out var socket) && socket is not null)
        {
            socket.Join(room);
        }

        return Task.CompletedTask;
    }

    /// <summary>Takes connection <paramref name="connectionId"/> out of <paramref name="room"/>.</summary>
    public Task Remove(string connectionId, string room)
    {
        if (_namespace.TryGetSocket(connectionId, out var socket) && socket is not null)
        {
            socket.Leave(room);
        }

        return Task.CompletedTask;
    }

    /// <summary>Connections in <paramref name="room"/> on this node right now.</summary>
    public int Count(string room) => _namespace.RoomCount(room);

    private Socket Caller => _caller ?? throw new InvalidOperationException("Outside a hub invocation there is no caller; pass a connection id.");
}
