using System.Buffers;
using System.Text;

namespace TypedSockets.SocketIO;

/// <summary>
/// A Socket.IO namespace: its connection middleware and handlers, its sockets and its rooms. Rooms are
/// server side only; every socket is in the room named by its id, and leaves all rooms when it disconnects.
/// </summary>
public sealed class Namespace
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<Socket>> _rooms = new(StringComparer.Ordinal);
    private Func<Socket, ValueTask<ConnectError?>>[] _middlewares = [];
    private Func<Socket, ValueTask>[] _connectionHandlers = [];
    private long _nextAckId = -1;

    [ThreadStatic]
    private static HashSet<Socket>? t_seen;

    internal Namespace(SocketIOServer server, string name)
    {
        Server = server;
        Name = name;
        PacketPrefix = name == "/" ? [] : Encoding.UTF8.GetBytes(name + ",");
    }

    /// <summary>The namespace name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>Sockets connected to this namespace right now.</summary>
    public int SocketCount
    {
        get
        {
            lock (_lock)
            {
                return _sockets.Count;
            }
        }
    }

    internal SocketIOServer Server { get; }

    /// <summary><c>/name,</c> in front of every packet of a custom namespace; empty for <c>/</c>.</summary>
    internal byte[] PacketPrefix { get; }

    internal Func<Socket, ValueTask>[] ConnectionHandlers => Volatile.Read(ref _connectionHandlers);

    internal Func<Socket, ValueTask<ConnectError?>>[] Middlewares => Volatile.Read(ref _middlewares);

    /// <summary>
    /// Adds connection middleware: it sees the socket before it connects (<see cref="Socket.Auth"/>,
    /// <see cref="Socket.Handshake"/>) and refuses it by returning a <see cref="ConnectError"/>. Runs in order.
    /// </summary>
    public Namespace Use(Func<Socket, ValueTask<ConnectError?>> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_lock)
        {
            _middlewares = [.. _middlewares, middleware];
        }

        return this;
    }

    /// <summary>Adds a handler that runs for every socket that connected (before any of its events).</summary>
    public Namespace OnConnection(Func<Socket, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _connectionHandlers = [.. _connectionHandlers, handler];
        }

        return this;
    }

    /// <summary>Sockets in <paramref name="room"/> right now.</summary>
    public int RoomCount(string room)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(room, out var members) ? members.Count : 0;
        }
    }

    public bool TryGetSocket(string id, out Socket? socket)
    {
        lock (_lock)
        {
            return _sockets.TryGetValue(id, out socket);
        }
    }

    /// <summary>Everyone in <paramref name="room"/>.</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(this, null, null, null).To(room);

    /// <summary>Everyone but the sockets in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(this, null, null, null).Except(room);

    /// <summary>Emits to every socket of the namespace; returns how many it reached.</summary>
    public int Emit(string eventName) => new BroadcastOperator(this, null, null, null).Emit(eventName);

    /// <summary>Emits one argument of pre-serialized JSON to every socket of the namespace.</summary>
    public int Emit(string eventName, ReadOnlySpan<byte> argumentJson) => new BroadcastOperator(this, null, null, null).Emit(eventName, argumentJson);

    /// <summary>Emits the arguments <paramref name="write"/> writes to every socket of the namespace.</summary>
    public int Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
        => new BroadcastOperator(this, null, null, null).Emit(eventName, state, write);

    /// <summary>Emits to every socket and collects their acknowledgements until all answered or <paramref name="timeout"/> passed.</summary>
    public Task<BroadcastAckResult> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TState : allows ref struct
        => new BroadcastOperator(this, null, null, null).EmitWithAckAsync(eventName, state, write, timeout, cancellationToken);

    /// <summary>Ack ids come from one counter per namespace, as in socket.io, so a broadcast shares one id.</summary>
    internal long NextAckId() => Interlocked.Increment(ref _nextAckId);

    internal void Add(Socket socket)
    {
        lock (_lock)
        {
            _sockets[socket.Id] = socket;
            JoinLocked(socket, socket.Id);
        }
    }

    internal void Remove(Socket socket)
    {
        lock (_lock)
        {
            _sockets.Remove(socket.Id);
            foreach (var room in socket.JoinedRooms)
            {
                if (_rooms.TryGetValue(room, out var members) && members.Remove(socket) && members.Count == 0)
                {
                    _rooms.Remove(room);
                }
            }

            socket.JoinedRooms.Clear();
        }
    }

    internal void Join(Socket socket, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        lock (_lock)
        {
            // A socket that already left must not come back into a room behind its own disconnect.
            if (_sockets.TryGetValue(socket.Id, out var current) && current == socket)
            {
                JoinLocked(socket, room);
            }
        }
    }

    internal void Leave(Socket socket, string room)
    {
        lock (_lock)
        {
            if (socket.JoinedRooms.Remove(room) && _rooms.TryGetValue(room, out var members) && members.Remove(socket) && members.Count == 0)
            {
                _rooms.Remove(room);
            }
        }
    }

    internal IReadOnlyCollection<string> RoomsOf(Socket socket)
    {
        lock (_lock)
        {
            return [.. socket.JoinedRooms];
        }
    }

    /// <summary>
    /// Copies the recipients of a broadcast into a pooled array (return it to <see cref="ArrayPool{T}.Shared"/>),
    /// so sending happens outside the lock.
    /// </summary>
    internal int CollectRecipients(string[]? rooms, string[]? exceptRooms, Socket? exceptSocket, out Socket[] recipients)
    {
        lock (_lock)
        {
            if (rooms is null)
            {
                recipients = ArrayPool<Socket>.Shared.Rent(Math.Max(_sockets.Count, 1));
                var count = 0;
                foreach (var socket in _sockets.Values)
                {
                    if (IsIncluded(socket, exceptRooms, exceptSocket))
                    {
                        recipients[count++] = socket;
                    }
                }

                return count;
            }

            var capacity = 0;
            foreach (var room in rooms)
            {
                if (_rooms.TryGetValue(room, out var members))
                {
                    capacity += members.Count;
                }
            }

            recipients = ArrayPool<Socket>.Shared.Rent(Math.Max(capacity, 1));
            if (rooms.Length == 1)
            {
                var count = 0;
                if (_rooms.TryGetValue(rooms[0], out var members))
                {
                    foreach (var socket in members)
                    {
                        if (IsIncluded(socket, exceptRooms, exceptSocket))
                        {
                            recipients[count++] = socket;
                        }
                    }
                }

                return count;
            }

            var seen = t_seen ??= [];
            try
            {
                var count = 0;
                foreach (var room in rooms)
                {
                    if (!_rooms.TryGetValue(room, out var members))
                    {
                        continue;
                    }

                    foreach (var socket in members)
                    {
                        if (seen.Add(socket) && IsIncluded(socket, exceptRooms, exceptSocket))
                        {
                            recipients[count++] = socket;
                        }
                    }
                }

                return count;
            }
            finally
            {
                seen.Clear();
            }
        }
    }

    private static bool IsIncluded(Socket socket, string[]? exceptRooms, Socket? exceptSocket)
    {
        if (socket == exceptSocket)
        {
            return false;
        }

        if (exceptRooms is not null)
        {
            foreach (var room in exceptRooms)
            {
                if (socket.JoinedRooms.Contains(room))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void JoinLocked(Socket socket, string room)
    {
        if (!socket.JoinedRooms.Add(room))
        {
            return;
        }

        if (!_rooms.TryGetValue(room, out var members))
        {
            members = [];
            _rooms[room] = members;
        }

        members.Add(socket);
    }
}
