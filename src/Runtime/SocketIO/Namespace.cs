using System.Buffers;
using System.Buffers.Text;
using System.Text;
using TypedSockets.Buffers;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// A Socket.IO namespace: its connection middleware and handlers, its sockets and its rooms. It runs its own
/// connect: a client's CONNECT reaches it through the connection's router, goes through the middleware and is
/// answered with CONNECT or CONNECT_ERROR. Rooms are server side only; every socket is in the room named by its id,
/// and leaves all rooms when it disconnects.
/// </summary>
public sealed class Namespace
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Socket> _sockets = new(StringComparer.Ordinal);

    // Named rooms only: a socket's own room is found through _sockets (see SocketRooms).
    private readonly Dictionary<string, HashSet<Socket>> _rooms = new(StringComparer.Ordinal);
    private Func<Socket, ValueTask<ConnectError?>>[] _middlewares = [];
    private Func<Socket, ValueTask>[] _connectionHandlers = [];
    private readonly Dictionary<string, Func<ReadOnlyMemory<byte>, ValueTask>> _serverSideHandlers = new(StringComparer.Ordinal);
    private long _nextAckId = -1;

    [ThreadStatic]
    private static HashSet<Socket>? t_seen;

    internal Namespace(SocketIOServer server, string name)
    {
        Server = server;
        Name = name;
        PacketPrefix = name == "/" ? [] : Encoding.UTF8.GetBytes(name + ",");
        var recovery = server.Options.ConnectionStateRecovery;
        Recovery = recovery.Enabled ? new RecoveryLog(recovery, server.TimeProvider, this, server.Backplane as ISocketIORecoveryBackplane) : null;
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

    /// <summary>The namespace's connection state recovery; null when it is off (then nothing of it costs anything).</summary>
    internal RecoveryLog? Recovery { get; }

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
            return (_rooms.TryGetValue(room, out var members) ? members.Count : 0) + (OwnerOfRoomLocked(room) is null ? 0 : 1);
        }
    }

    /// <summary>Sockets of this namespace on every node of the cluster (this node's <see cref="SocketCount"/> without a backplane).</summary>
    public ValueTask<int> CountAsync(CancellationToken cancellationToken = default) =>
        Server.Backplane is { } backplane ? backplane.CountAsync(this, null, cancellationToken) : ValueTask.FromResult(SocketCount);

    /// <summary>Sockets in <paramref name="room"/> on every node of the cluster (<see cref="RoomCount"/> without a backplane).</summary>
    public ValueTask<int> RoomCountAsync(string room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Server.Backplane is { } backplane ? backplane.CountAsync(this, room, cancellationToken) : ValueTask.FromResult(RoomCount(room));
    }

    /// <summary>Ids of the sockets of the namespace (<paramref name="room"/> null) or of one room, on every node of the cluster.</summary>
    public ValueTask<IReadOnlyList<string>> FetchSocketIdsAsync(string? room = null, CancellationToken cancellationToken = default)
    {
        if (Server.Backplane is { } backplane)
        {
            return backplane.FetchSocketIdsAsync(this, room, cancellationToken);
        }

        using var recipients = CollectRecipients(room is null ? null : [room], null, null);
        var sockets = recipients.Span;
        var ids = new string[sockets.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = sockets[i].Id;
        }

        return ValueTask.FromResult<IReadOnlyList<string>>(ids);
    }

    /// <summary>A snapshot of the sockets connected to this namespace on this node.</summary>
    public Socket[] GetLocalSockets()
    {
        lock (_lock)
        {
            return [.. _sockets.Values];
        }
    }

    /// <summary>The socket of this node with id <paramref name="id"/>, if it is connected to this namespace.</summary>
    /// <param name="id">The Socket.IO id.</param>
    /// <param name="socket">The socket, or null.</param>
    public bool TryGetSocket(string id, out Socket? socket)
    {
        lock (_lock)
        {
            return _sockets.TryGetValue(id, out socket);
        }
    }

    /// <summary>Every socket of the namespace on this node only (socket.io's <c>local</c> flag).</summary>
    public BroadcastOperator Local => new(this, null, null, null, local: true);

    /// <summary>Everyone in <paramref name="room"/>.</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(this, null, null, null).To(room);

    /// <summary>Everyone but the sockets in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(this, null, null, null).Except(room);

    /// <summary>Makes every socket of the namespace join <paramref name="room"/>, on every node.</summary>
    public void SocketsJoin(string room) => new BroadcastOperator(this, null, null, null).SocketsJoin(room);

    /// <summary>Makes every socket of the namespace leave <paramref name="room"/>, on every node.</summary>
    public void SocketsLeave(string room) => new BroadcastOperator(this, null, null, null).SocketsLeave(room);

    /// <summary>Disconnects every socket of the namespace, on every node; <paramref name="close"/> closes their whole connections.</summary>
    public void DisconnectSockets(bool close = false) => new BroadcastOperator(this, null, null, null).DisconnectSockets(close);

    /// <summary>Emits to every socket of the namespace; returns how many it reached (on this node).</summary>
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

    /// <summary>
    /// Registers the handler of server-side event <paramref name="eventName"/>, which other nodes of the cluster send
    /// with <see cref="ServerSideEmit"/> (one per name; a later one replaces it).
    /// </summary>
    public Namespace OnServerSideEvent(string eventName, Func<ReadOnlyMemory<byte>, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_serverSideHandlers)
        {
            _serverSideHandlers[eventName] = handler;
        }

        return this;
    }

    /// <summary>
    /// Sends an event to the servers of the other nodes (not to clients, not to this node), as socket.io's
    /// <c>serverSideEmit</c>; <paramref name="argumentJson"/> is one JSON value or empty. Nothing happens without a backplane.
    /// </summary>
    public void ServerSideEmit(string eventName, ReadOnlySpan<byte> argumentJson = default)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        Server.Backplane?.PublishServerSideEvent(this, eventName, argumentJson);
    }

    /// <summary>Delivers a packet another node encoded to the matching sockets here; returns how many it reached.</summary>
    internal int DeliverFromBackplane(ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms)
    {
        using var recipients = CollectRecipients(rooms, exceptRooms, null);
        if (recipients.Count == 0)
        {
            return 0;
        }

        var outgoing = CopyPacket(packet, default, -1, attachments);
        try
        {
            return Send(outgoing, recipients.Span);
        }
        finally
        {
            outgoing.Release();
        }
    }

    /// <summary>
    /// Delivers a packet that asks for acknowledgements (its ack id replaced by one of this node) and collects the
    /// answers of the sockets here until all answered or <paramref name="timeout"/> passed.
    /// </summary>
    internal Task<BroadcastAckResult> DeliverFromBackplaneWithAckAsync(ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (SocketIOPacketParser.TryParse(packet, int.MaxValue, out var header) != SocketIOParseError.None)
        {
            throw new ArgumentException("Not an encoded Socket.IO packet.", nameof(packet));
        }

        Socket[] recipients;
        using (var collected = CollectRecipients(rooms, exceptRooms, null))
        {
            recipients = collected.Span.ToArray();
        }

        var ackId = NextAckId();
        var outgoing = CopyPacket(packet, header, ackId, attachments);
        try
        {
            return SendWithAckAsync(recipients, ackId, outgoing, timeout, cancellationToken);
        }
        finally
        {
            outgoing.Release();
        }
    }

    /// <summary>Runs the handler of a server-side event another node sent; unknown events are dropped.</summary>
    internal async ValueTask RaiseServerSideEventAsync(string eventName, ReadOnlyMemory<byte> argumentJson)
    {
        Func<ReadOnlyMemory<byte>, ValueTask>? handler;
        lock (_serverSideHandlers)
        {
            _serverSideHandlers.TryGetValue(eventName, out handler);
        }

        if (handler is null)
        {
            return;
        }

        try
        {
            await handler(argumentJson).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIOLog.ServerSideHandlerFailed(Server.Logger, eventName, Name, exception);
        }
    }

    /// <summary>
    /// Runs a client's CONNECT: the middleware in order, then the CONNECT answer and the socket added, or a
    /// CONNECT_ERROR. The connection handlers start on the calling (receiving) thread.
    /// </summary>
    internal async ValueTask ConnectAsync(SocketIOConnection connection, byte[] auth)
    {
        var recovery = Recovery;
        RecoverySession? session = null;
        string? offset = null;
        if (recovery is not null && RecoveryAuth.TryRead(auth, out var pid, out offset))
        {
            session = recovery.IsClustered ? await recovery.TakeAsync(pid!, Server.Logger).ConfigureAwait(false) : recovery.Take(pid!);
            if (session is not null)
            {
                await recovery.CatchUpAsync(offset).ConfigureAwait(false);
            }
            else
            {
                SocketIOLog.RecoveryRefused(Server.Logger, Name, "unknown or expired session");
            }
        }

        var socket = session is null
            ? new Socket(this, connection, RandomId.Next(), auth, Server.Options.MaxPendingEvents)
            : new Socket(this, connection, session.Sid, auth, Server.Options.MaxPendingEvents, session.Items);
        using var activity = SocketTelemetry.StartConnect(socket, auth);
        var middlewares = session is not null && Server.Options.ConnectionStateRecovery.SkipMiddlewares ? [] : Volatile.Read(ref _middlewares);
        foreach (var middleware in middlewares)
        {
            ConnectError? rejection;
            try
            {
                rejection = await middleware(socket).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                SocketIOLog.MiddlewareFailed(Server.Logger, Name, socket.Id, exception);
                rejection = new ConnectError("Internal server error");
            }

            if (rejection is not null)
            {
                SocketIOLog.ConnectRefused(Server.Logger, socket.Id, Name, rejection.Message);
                var refusal = SocketIOPacketWriter.WriteConnectError(PacketPrefix, rejection.Message, rejection.DataJson.Span);
                try
                {
                    connection.Send(refusal);
                }
                finally
                {
                    refusal.Release();
                }

                return;
            }
        }

        if (recovery is not null)
        {
            if (!ConnectWithRecovery(connection, socket, recovery, session, offset))
            {
                return;
            }
        }
        else if (!ConnectPlain(connection, socket))
        {
            return;
        }

        SocketIOLog.SocketConnected(Server.Logger, socket.Id, Name, connection.Session.Id);
        Server.Observer?.OnSocketConnected(socket);

        // The connection handlers start on this thread, as events do: only their synchronous part holds up the
        // connection's next message (events arriving meanwhile queue behind them), and a connect costs no thread hop.
        _ = socket.RunAsync();
    }

    private bool ConnectPlain(SocketIOConnection connection, Socket socket)
    {
        var accepted = SocketIOPacketWriter.WriteConnect(PacketPrefix, socket.Id);
        try
        {
            // CONNECT goes out before the socket becomes visible to broadcasts, which take the same lock to send.
            lock (connection.SendLock)
            {
                if (!connection.Add(socket))
                {
                    return false;
                }

                Add(socket);
                socket.MarkConnected();
                connection.Send(accepted);
            }
        }
        finally
        {
            accepted.Release();
        }

        return true;
    }

    /// <summary>
    /// The connect with recovery on: under the log's order lock, the missed packets are collected, the CONNECT answer
    /// (with the private session id) and the replay go out, and the socket joins its rooms and becomes visible to
    /// broadcasts, so the first live packet it gets is the one after the last replayed.
    /// </summary>
    private bool ConnectWithRecovery(SocketIOConnection connection, Socket socket, RecoveryLog recovery, RecoverySession? session, string? offset)
    {
        List<OutgoingPacket>? missed = null;
        lock (recovery.Order)
        {
            if (session is not null)
            {
                missed = recovery.CollectMissed(session, offset, out var refusal);
                if (missed is null)
                {
                    SocketIOLog.RecoveryRefused(Server.Logger, Name, refusal!);
                    socket.ForgetRecoveredSession(RandomId.Next());
                    session = null;
                }
            }

            socket.BeginRecoverableSession(session?.Pid ?? RandomId.Next(), recovered: session is not null, recovery.LastOffset);
            var accepted = SocketIOPacketWriter.WriteConnect(PacketPrefix, socket.Id, socket.Pid);
            var sent = 0;
            try
            {
                lock (connection.SendLock)
                {
                    if (!connection.Add(socket))
                    {
                        return false;
                    }

                    Add(socket);
                    if (session is not null)
                    {
                        RestoreRooms(socket, session.Rooms);
                    }

                    socket.MarkConnected();
                    connection.Send(accepted);
                    if (missed is not null)
                    {
                        foreach (var packet in missed)
                        {
                            connection.Send(packet);
                            sent++;
                        }
                    }
                }
            }
            finally
            {
                accepted.Release();
                if (missed is not null)
                {
                    foreach (var packet in missed)
                    {
                        packet.Release();
                    }
                }
            }

            if (session is not null)
            {
                SocketIOLog.SocketRecovered(Server.Logger, socket.Id, Name, sent);
            }
        }

        return true;
    }

    private void RestoreRooms(Socket socket, string[] rooms)
    {
        var inOwnRoom = false;
        foreach (var room in rooms)
        {
            if (room == socket.Id)
            {
                inOwnRoom = true;
            }
            else
            {
                Join(socket, room);
            }
        }

        if (!inOwnRoom)
        {
            Leave(socket, socket.Id);
        }
    }

    /// <summary>Hands <paramref name="packet"/> to each recipient's session; returns how many took it.</summary>
    internal static int Send(OutgoingPacket packet, ReadOnlySpan<Socket> recipients)
    {
        // The observer reads the text form; a msgpack copy made below comes back here binary and is not reported twice.
        if (!recipients.IsEmpty && recipients[0].Namespace.Server.Observer is { } observer && !packet.Text.IsBinary)
        {
            SocketIOObservation.EventSent(observer, packet.Text, recipients);
        }

        if (recipients.Length > 1 && recipients[0].Namespace.Server.UsesMessagePack && !packet.Text.IsBinary)
        {
            // Encoded once for the msgpack parser and shared, as the text form is.
            var binary = MessagePackFraming.ToBinary(packet);
            try
            {
                return Send(binary, recipients);
            }
            finally
            {
                binary.Release();
            }
        }

        var sent = 0;

        // The recipients' send loops are not woken one by one (a thread-pool hop each): the scope writes every
        // recipient's queue when it ends, on this thread (large fan-outs in chunks over the pool), or, inside a
        // receive batch already, when that batch ends.
        using (EngineSendBatch.Enter())
        {
            foreach (var socket in recipients)
            {
                if (socket.IsConnected && socket.Connection.Send(packet))
                {
                    sent++;
                }
            }
        }

        if (sent > 0)
        {
            recipients[0].Namespace.Server.Metrics.EventsSent(recipients[0].Namespace.Name, sent);
        }

        return sent;
    }

    /// <summary>Registers one ack id with every recipient, sends, and collects the answers (the caller releases the packet).</summary>
    internal Task<BroadcastAckResult> SendWithAckAsync(Socket[] recipients, long ackId, OutgoingPacket packet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The observer reads the text form; a msgpack copy made below comes back here binary and is not reported twice.
        if (Server.Observer is { } observer && !packet.Text.IsBinary)
        {
            SocketIOObservation.EventSent(observer, packet.Text, recipients);
        }

        if (recipients.Length > 1 && Server.UsesMessagePack && !packet.Text.IsBinary)
        {
            // Encoded once for the msgpack parser and shared; the caller still releases its text form.
            var binary = MessagePackFraming.ToBinary(packet);
            try
            {
                return SendWithAckAsync(recipients, ackId, binary, timeout, cancellationToken);
            }
            finally
            {
                binary.Release();
            }
        }

        var receiver = new BroadcastAckReceiver(recipients.Length);
        foreach (var socket in recipients)
        {
            socket.AddPendingAck(ackId, receiver);
        }

        // As in Send: the recipients' queues are written when the scope ends, not by a woken send loop each.
        using (EngineSendBatch.Enter())
        {
            foreach (var socket in recipients)
            {
                if ((!socket.IsConnected || !socket.Connection.Send(packet)) && socket.RemovePendingAck(ackId))
                {
                    receiver.OnDisconnected(socket);
                }
            }
        }

        return CollectAcksAsync(recipients, ackId, receiver, Server.TimeProvider, timeout, cancellationToken);
    }

    /// <summary>Join, leave or disconnect for the sockets a broadcast operator selects on this node.</summary>
    internal void Apply(BackplaneCommand command, string[]? rooms, string[]? exceptRooms, Socket? exceptSocket, string? argument)
    {
        using var recipients = CollectRecipients(rooms, exceptRooms, exceptSocket);
        foreach (var socket in recipients.Span)
        {
            switch (command)
            {
                case BackplaneCommand.Join when argument is not null:
                    try
                    {
                        socket.Join(argument);
                    }
                    catch (RoomLimitExceededException)
                    {
                        // A bulk join (socketsJoin) leaves out a socket at its limit and goes on with the others.
                    }

                    break;
                case BackplaneCommand.Leave when argument is not null:
                    socket.Leave(argument);
                    break;
                case BackplaneCommand.Disconnect:
                    socket.Disconnect(close: argument == "close");
                    break;
            }
        }
    }

    /// <summary>Ack ids come from one counter per namespace, as in socket.io, so a broadcast shares one id.</summary>
    internal long NextAckId() => Interlocked.Increment(ref _nextAckId);

    internal void Add(Socket socket)
    {
        lock (_lock)
        {
            _sockets[socket.Id] = socket;
            Server.Metrics.SocketConnected(Name);
            Server.Backplane?.OnSocketAdded(this, socket.Id);
        }
    }

    internal void Remove(Socket socket)
    {
        lock (_lock)
        {
            if (!_sockets.Remove(socket.Id))
            {
                return;
            }

            Server.Metrics.SocketDisconnected(Name, socket.DisconnectReason);

            Server.Backplane?.OnSocketRemoved(this, socket.Id, socket.JoinedRooms.Named);
            foreach (var room in socket.JoinedRooms.Named)
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
        bool joined;
        lock (_lock)
        {
            // A socket that already left must not come back into a room behind its own disconnect.
            if (!_sockets.TryGetValue(socket.Id, out var current) || current != socket)
            {
                return;
            }

            var limit = Server.Options.MaxRoomsPerSocket;
            if (limit > 0 && socket.JoinedRooms.NamedCount >= limit && !socket.JoinedRooms.Contains(socket.Id, room) && room != socket.Id)
            {
                throw new RoomLimitExceededException(room, limit);
            }

            joined = JoinLocked(socket, room);
            if (joined)
            {
                Server.Backplane?.OnJoined(this, socket.Id, room);
            }
        }

        if (joined)
        {
            Server.Observer?.OnRoomJoined(socket, room);
        }
    }

    internal void Leave(Socket socket, string room)
    {
        lock (_lock)
        {
            if (!socket.JoinedRooms.Remove(socket.Id, room))
            {
                return;
            }

            Server.Backplane?.OnLeft(this, socket.Id, room);
            if (room != socket.Id && _rooms.TryGetValue(room, out var members) && members.Remove(socket) && members.Count == 0)
            {
                _rooms.Remove(room);
            }
        }

        Server.Observer?.OnRoomLeft(socket, room);
    }

    internal IReadOnlyCollection<string> RoomsOf(Socket socket)
    {
        lock (_lock)
        {
            return socket.JoinedRooms.ToArray(socket.Id);
        }
    }

    /// <summary>The recipients of a broadcast, copied out of the lock so that sending happens outside it (dispose the list).</summary>
    internal RecipientList CollectRecipients(string[]? rooms, string[]? exceptRooms, Socket? exceptSocket)
    {
        lock (_lock)
        {
            if (rooms is null)
            {
                var all = new RecipientList(PooledArray<Socket>.Rent(Math.Max(_sockets.Count, 1)));
                foreach (var socket in _sockets.Values)
                {
                    if (IsIncluded(socket, exceptRooms, exceptSocket))
                    {
                        all.Add(socket);
                    }
                }

                return all;
            }

            var capacity = 0;
            foreach (var room in rooms)
            {
                if (_rooms.TryGetValue(room, out var members))
                {
                    capacity += members.Count;
                }

                capacity++;
            }

            var recipients = new RecipientList(PooledArray<Socket>.Rent(Math.Max(capacity, 1)));
            if (rooms.Length == 1)
            {
                if (OwnerOfRoomLocked(rooms[0]) is { } owner && IsIncluded(owner, exceptRooms, exceptSocket))
                {
                    recipients.Add(owner);
                }

                if (_rooms.TryGetValue(rooms[0], out var members))
                {
                    foreach (var socket in members)
                    {
                        if (IsIncluded(socket, exceptRooms, exceptSocket))
                        {
                            recipients.Add(socket);
                        }
                    }
                }

                return recipients;
            }

            var seen = t_seen ??= [];
            try
            {
                foreach (var room in rooms)
                {
                    if (OwnerOfRoomLocked(room) is { } owner && seen.Add(owner) && IsIncluded(owner, exceptRooms, exceptSocket))
                    {
                        recipients.Add(owner);
                    }

                    if (!_rooms.TryGetValue(room, out var members))
                    {
                        continue;
                    }

                    foreach (var socket in members)
                    {
                        if (seen.Add(socket) && IsIncluded(socket, exceptRooms, exceptSocket))
                        {
                            recipients.Add(socket);
                        }
                    }
                }

                return recipients;
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
                if (socket.JoinedRooms.Contains(socket.Id, room))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static async Task<BroadcastAckResult> CollectAcksAsync(Socket[] recipients, long ackId, BroadcastAckReceiver receiver, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await receiver.Done.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Partial answers are the result; the missing ones are reported through IsComplete.
        }
        finally
        {
            foreach (var socket in recipients)
            {
                socket.RemovePendingAck(ackId);
            }
        }

        var responses = receiver.Snapshot();
        return new BroadcastAckResult(recipients.Length, responses, responses.Length == recipients.Length);
    }

    /// <summary>Frames a packet another node encoded; with <paramref name="ackId"/> ≥ 0 its ack id is replaced.</summary>
    private static OutgoingPacket CopyPacket(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header, long ackId, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        using var text = new EngineMessageWriter(packet.Length + 20);
        if (ackId < 0)
        {
            text.Write(packet);
        }
        else
        {
            // <type>[<n>-][<nsp>,] stays, the sender's ack id gives way to ours, the payload follows.
            var headEnd = header.Namespace.End.GetOffset(packet.Length);
            if (headEnd > header.Namespace.Start.GetOffset(packet.Length))
            {
                headEnd++;
            }

            text.Write(packet[..headEnd]);
            Utf8Formatter.TryFormat(ackId, text.GetSpan(20), out var written);
            text.Advance(written);
            text.Write(packet[header.Payload]);
        }

        return new OutgoingPacket(text.ToMessage(isBinary: false), OutgoingPacket.FrameAttachments(attachments));
    }

    /// <summary>The socket of this node with id <paramref name="socketId"/>, or null.</summary>
    internal Socket? FindSocket(string socketId)
    {
        lock (_lock)
        {
            return _sockets.GetValueOrDefault(socketId);
        }
    }

    /// <summary>The socket whose own room <paramref name="room"/> is, while it is in it; null for any other room.</summary>
    private Socket? OwnerOfRoomLocked(string room) =>
        _sockets.TryGetValue(room, out var socket) && socket.JoinedRooms.InOwnRoom ? socket : null;

    private bool JoinLocked(Socket socket, string room)
    {
        if (!socket.JoinedRooms.Add(socket.Id, room))
        {
            return false;
        }

        if (room == socket.Id)
        {
            return true;
        }

        if (!_rooms.TryGetValue(room, out var members))
        {
            members = [];
            _rooms[room] = members;
        }

        members.Add(socket);
        return true;
    }
}
