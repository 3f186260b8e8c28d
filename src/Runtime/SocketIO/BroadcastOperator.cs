using System.Buffers;

namespace TypedSockets.SocketIO;

/// <summary>
/// Selects the recipients of a broadcast in one namespace: <see cref="To"/> rooms (union), <see cref="Except"/>
/// rooms, and for <see cref="Socket.Broadcast"/> everyone but the sender. Every emit encodes and frames the
/// packet once and hands the same message to each recipient's Engine.IO session.
/// </summary>
public readonly struct BroadcastOperator
{
    private readonly Namespace _namespace;
    private readonly string[]? _rooms;
    private readonly string[]? _exceptRooms;
    private readonly Socket? _exceptSocket;

    internal BroadcastOperator(Namespace @namespace, string[]? rooms, string[]? exceptRooms, Socket? exceptSocket)
    {
        _namespace = @namespace;
        _rooms = rooms;
        _exceptRooms = exceptRooms;
        _exceptSocket = exceptSocket;
    }

    /// <summary>Adds <paramref name="room"/> to the rooms addressed (a socket in several of them gets the packet once).</summary>
    public BroadcastOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_namespace, _rooms is null ? [room] : [.. _rooms, room], _exceptRooms, _exceptSocket);
    }

    /// <summary>Leaves out every socket in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(_namespace, _rooms, _exceptRooms is null ? [room] : [.. _exceptRooms, room], _exceptSocket);
    }

    /// <summary>How many sockets an emit would reach now.</summary>
    public int Count
    {
        get
        {
            var count = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket, out var recipients);
            Array.Clear(recipients, 0, count);
            ArrayPool<Socket>.Shared.Return(recipients);
            return count;
        }
    }

    /// <summary>Emits an event without arguments; returns how many sockets it was handed to.</summary>
    public int Emit(string eventName) => Emit(eventName, 0, static (_, _) => { });

    /// <summary>Emits an event with one argument of pre-serialized JSON.</summary>
    public int Emit(string eventName, ReadOnlySpan<byte> argumentJson) =>
        Emit(eventName, argumentJson, static (writer, json) => writer.WriteJson(json));

    /// <summary>Emits an event with the arguments <paramref name="write"/> writes.</summary>
    public int Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        var count = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket, out var recipients);
        try
        {
            if (count == 0)
            {
                return 0;
            }

            var packet = SocketIOPacketWriter.WriteEvent(_namespace.PacketPrefix, -1, eventName, state, write);
            try
            {
                var sent = 0;
                for (var i = 0; i < count; i++)
                {
                    if (recipients[i].IsConnected && recipients[i].Connection.Send(packet))
                    {
                        sent++;
                    }
                }

                return sent;
            }
            finally
            {
                packet.Release();
            }
        }
        finally
        {
            Array.Clear(recipients, 0, count);
            ArrayPool<Socket>.Shared.Return(recipients);
        }
    }

    /// <summary>
    /// Emits with one ack id for all recipients and collects their answers until every recipient answered or
    /// disconnected, or <paramref name="timeout"/> passed.
    /// </summary>
    public Task<BroadcastAckResult> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var count = _namespace.CollectRecipients(_rooms, _exceptRooms, _exceptSocket, out var pooled);
        var recipients = pooled.AsSpan(0, count).ToArray();
        Array.Clear(pooled, 0, count);
        ArrayPool<Socket>.Shared.Return(pooled);

        var ackId = _namespace.NextAckId();
        var receiver = new BroadcastAckReceiver(count);
        foreach (var socket in recipients)
        {
            socket.AddPendingAck(ackId, receiver);
        }

        var packet = SocketIOPacketWriter.WriteEvent(_namespace.PacketPrefix, ackId, eventName, state, write);
        try
        {
            foreach (var socket in recipients)
            {
                if ((!socket.IsConnected || !socket.Connection.Send(packet)) && socket.RemovePendingAck(ackId))
                {
                    receiver.OnDisconnected(socket);
                }
            }
        }
        finally
        {
            packet.Release();
        }

        return CollectAsync(recipients, ackId, receiver, _namespace.Server.TimeProvider, timeout, cancellationToken);
    }

    private static async Task<BroadcastAckResult> CollectAsync(Socket[] recipients, long ackId, BroadcastAckReceiver receiver, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
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
}
