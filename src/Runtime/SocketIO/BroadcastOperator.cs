using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// Selects the recipients of a broadcast in one namespace: <see cref="To"/> rooms (union), <see cref="Except"/>
/// rooms, and for <see cref="Socket.Broadcast"/> everyone but the sender. Every emit encodes and frames the
/// packet once and hands the same message to each recipient's Engine.IO session. With a backplane the same
/// encoded bytes also go to the other nodes once, unless the operator is <see cref="Namespace.Local"/>.
/// </summary>
public readonly struct BroadcastOperator
{
    private readonly Namespace _namespace;
    private readonly string[]? _rooms;
    private readonly string[]? _exceptRooms;
    private readonly Socket? _exceptSocket;
    private readonly bool _local;

    internal BroadcastOperator(Namespace @namespace, string[]? rooms, string[]? exceptRooms, Socket? exceptSocket, bool local = false)
    {
        _namespace = @namespace;
        _rooms = rooms;
        _exceptRooms = exceptRooms;
        _exceptSocket = exceptSocket;
        _local = local;
    }

    /// <summary>Adds <paramref name="room"/> to the rooms addressed (a socket in several of them gets the packet once).</summary>
    public BroadcastOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_namespace, _rooms is null ? [room] : [.. _rooms, room], _exceptRooms, _exceptSocket, _local);
    }

    /// <summary>Leaves out every socket in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_namespace, _rooms, _exceptRooms is null ? [room] : [.. _exceptRooms, room], _exceptSocket, _local);
    }

    /// <summary>The same selection on this node only.</summary>
    public BroadcastOperator Local => new(_namespace, _rooms, _exceptRooms, _exceptSocket, local: true);

    /// <summary>How many sockets of this node an emit would reach now.</summary>
    public int Count
    {
        get
        {
            using var recipients = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket);
            return recipients.Count;
        }
    }

    private ISocketIOBackplane? Backplane => _local ? null : _namespace.Server.Backplane;

    /// <summary>Emits an event without arguments; returns how many sockets of this node it was handed to.</summary>
    public int Emit(string eventName) => Emit(eventName, 0, static (_, _) => { });

    /// <summary>Emits an event with one argument of pre-serialized JSON.</summary>
    public int Emit(string eventName, ReadOnlySpan<byte> argumentJson) =>
        Emit(eventName, argumentJson, static (writer, json) => writer.WriteJson(json));

    /// <summary>Emits an event with the arguments <paramref name="write"/> writes.</summary>
    public int Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        var backplane = Backplane;
        if (_namespace.Recovery is { } recovery)
        {
            return recovery.Emit(_namespace, eventName, state, write, _rooms, _exceptRooms, _exceptSocket, null, _local);
        }

        using var recipients = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket);
        if (recipients.Count == 0 && backplane is null)
        {
            return 0;
        }

        var packet = SocketIOPacketWriter.WriteEvent(_namespace.PacketPrefix, -1, eventName, state, write);
        try
        {
            var sent = Namespace.Send(packet, recipients.Span);
            backplane?.PublishBroadcast(_namespace, new BackplanePacket(packet), _rooms, _exceptRooms);
            return sent;
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>
    /// Emits with one ack id for all recipients and collects their answers until every recipient answered or
    /// disconnected, or <paramref name="timeout"/> passed. With a backplane the recipients of every node count.
    /// </summary>
    public Task<BroadcastAckResult> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var backplane = Backplane;
        Socket[] recipients;
        using (var collected = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket))
        {
            // The ack collection outlives this call, so it keeps an array of its own.
            recipients = collected.Span.ToArray();
        }

        var ackId = _namespace.NextAckId();
        var packet = SocketIOPacketWriter.WriteEvent(_namespace.PacketPrefix, ackId, eventName, state, write);
        try
        {
            var local = _namespace.SendWithAckAsync(recipients, ackId, packet, timeout, cancellationToken);
            if (backplane is null)
            {
                return local;
            }

            var remote = backplane.PublishBroadcastWithAckAsync(_namespace, new BackplanePacket(packet), _rooms, _exceptRooms, timeout, cancellationToken);
            return MergeAsync(local, remote);
        }
        finally
        {
            packet.Release();
        }
    }

    /// <summary>Makes the selected sockets join <paramref name="room"/>, on every node (socket.io's <c>socketsJoin</c>).</summary>
    public void SocketsJoin(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Run(BackplaneCommand.Join, room);
    }

    /// <summary>Makes the selected sockets leave <paramref name="room"/>, on every node (socket.io's <c>socketsLeave</c>).</summary>
    public void SocketsLeave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Run(BackplaneCommand.Leave, room);
    }

    /// <summary>Disconnects the selected sockets, on every node; <paramref name="close"/> closes their whole connections.</summary>
    public void DisconnectSockets(bool close = false) => Run(BackplaneCommand.Disconnect, close ? "close" : null);

    private void Run(BackplaneCommand command, string? argument)
    {
        _namespace.Apply(command, _rooms, _exceptRooms, _exceptSocket, argument);
        Backplane?.PublishCommand(_namespace, command, _rooms, _exceptRooms, argument);
    }

    private static async Task<BroadcastAckResult> MergeAsync(Task<BroadcastAckResult> local, Task<BroadcastAckResult> remote)
    {
        var here = await local.ConfigureAwait(false);
        var there = await remote.ConfigureAwait(false);
        var responses = new List<BroadcastAck>(here.Responses.Count + there.Responses.Count);
        responses.AddRange(here.Responses);
        responses.AddRange(there.Responses);
        return new BroadcastAckResult(here.Recipients + there.Recipients, responses, here.IsComplete && there.IsComplete);
    }
}
