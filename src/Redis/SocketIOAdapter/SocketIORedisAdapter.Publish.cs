using System.Buffers;
using System.Text.Json;
using StackExchange.Redis;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>What this node sends to the cluster, in the adapter's encoding.</summary>
internal sealed partial class SocketIORedisAdapter
{
    public void PublishBroadcast(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var channels = ChannelsOf(nsp);
        var output = new ArrayBufferWriter<byte>(packet.Text.Length + 64);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.WriteString(Uid);
        MessagePackPacket.Write(writer, packet.Text.Span, AttachmentsOf(packet));
        WriteBroadcastOptions(writer, rooms, exceptRooms, timeout: null);

        // As the adapter does: a broadcast to exactly one room goes to that room's channel.
        var channel = rooms is { Length: 1 } ? channels.RoomChannel(rooms[0]) : channels.Broadcast;
        Publish(channel, output.WrittenSpan.ToArray(), "broadcast", nsp);
    }

    public Task<BroadcastAckResult> PublishBroadcastWithAckAsync(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var channels = ChannelsOf(nsp);
        var requestId = NextRequestId();

        // Encoded now: the packet is valid only during this call.
        var output = new ArrayBufferWriter<byte>(packet.Text.Length + 128);
        var writer = new MessagePackWriter(output);
        writer.WriteMapHeader(5);
        writer.WriteString("uid"u8);
        writer.WriteString(Uid);
        writer.WriteString("requestId"u8);
        writer.WriteString(requestId);
        writer.WriteString("type"u8);
        writer.WriteInt64((long)SocketIORequestType.Broadcast);
        writer.WriteString("packet"u8);
        MessagePackPacket.Write(writer, packet.Text.Span, AttachmentsOf(packet));
        writer.WriteString("opts"u8);
        WriteBroadcastOptions(writer, rooms, exceptRooms, (long)timeout.TotalMilliseconds);
        return RequestAsync(channels, requestId, SocketIORequestType.Broadcast, output.WrittenSpan.ToArray(), timeout, cancellationToken)
            .ContinueWith(static t => t.Result?.ToBroadcastAckResult() ?? new BroadcastAckResult(0, [], true), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void PublishCommand(Namespace nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var type = command switch
        {
            BackplaneCommand.Join => SocketIORequestType.RemoteJoin,
            BackplaneCommand.Leave => SocketIORequestType.RemoteLeave,
            _ => SocketIORequestType.RemoteDisconnect,
        };
        var json = WriteRequest(type, requestId: null, json =>
        {
            json.WriteStartObject("opts"u8);
            WriteStrings(json, "rooms"u8, rooms);
            WriteStrings(json, "except"u8, exceptRooms);
            json.WriteEndObject();
            if (type == SocketIORequestType.RemoteDisconnect)
            {
                json.WriteBoolean("close"u8, argument == "close");
            }
            else
            {
                WriteStrings(json, "rooms"u8, [argument ?? string.Empty]);
            }
        });
        Publish(ChannelsOf(nsp).Request, json, command.ToString(), nsp);
    }

    public void PublishServerSideEvent(Namespace nsp, string eventName, ReadOnlySpan<byte> argumentJson)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        Publish(ChannelsOf(nsp).Request, SocketIOServerSideEmitRequest.Write(Uid, eventName, argumentJson, requestId: null), "server-side event", nsp);
    }

    /// <summary>
    /// A server-side event the other nodes acknowledge (socket.io's <c>serverSideEmitWithAck</c>): each node's handler
    /// answers once; returns the answers (each a JSON array of one value) that came within <paramref name="timeout"/>.
    /// </summary>
    public async Task<(int Nodes, IReadOnlyList<byte[]> Answers, bool IsComplete)> ServerSideEmitWithAckAsync(Namespace nsp, string eventName, ReadOnlyMemory<byte> argumentJson, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var requestId = NextRequestId();
        var request = SocketIOServerSideEmitRequest.Write(Uid, eventName, argumentJson.Span, requestId);
        var pending = await RequestAsync(ChannelsOf(nsp), requestId, SocketIORequestType.ServerSideEmit, request, timeout, cancellationToken).ConfigureAwait(false);
        if (pending is null)
        {
            return (0, [], true);
        }

        lock (pending.Answers)
        {
            return (pending.ExpectedNodes, [.. pending.Answers], pending.Done.IsCompleted);
        }
    }

    public async ValueTask<int> CountAsync(Namespace nsp, string? room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var ids = await FetchSocketIdsAsync(nsp, room, cancellationToken).ConfigureAwait(false);
        return ids.Count;
    }

    public async ValueTask<IReadOnlyList<string>> FetchSocketIdsAsync(Namespace nsp, string? room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var socket in nsp.GetLocalSockets())
        {
            if (room is null || socket.Rooms.Contains(room))
            {
                ids.Add(socket.Id);
            }
        }

        var requestId = NextRequestId();
        var request = WriteRequest(SocketIORequestType.Sockets, requestId, json => WriteStrings(json, "rooms"u8, room is null ? null : [room]));
        var pending = await RequestAsync(ChannelsOf(nsp), requestId, SocketIORequestType.Sockets, request, _options.OperationTimeout, cancellationToken).ConfigureAwait(false);
        if (pending is not null)
        {
            lock (pending.Answers)
            {
                ids.UnionWith(pending.SocketIds);
            }
        }

        return [.. ids];
    }

    /// <summary>
    /// Sends a request every other node answers and waits for the answers until <paramref name="timeout"/>; null when
    /// this node is alone (or Redis cannot say how many nodes there are).
    /// </summary>
    private async Task<PendingRequest?> RequestAsync(AdapterChannels channels, string requestId, SocketIORequestType type, byte[] request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var others = await OtherNodesAsync(channels).ConfigureAwait(false);
        if (others == 0)
        {
            return null;
        }

        var pending = new PendingRequest(type, others);
        _pending[requestId] = pending;
        try
        {
            Publish(channels.Request, request, type.ToString(), channels.Namespace);
            await pending.Done.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The answers so far are the result (a node may have died since it was counted).
            SocketIOAdapterLog.PartialAnswers(_logger, type.ToString(), pending.AnsweredNodes, others);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }

        return pending;
    }

    private byte[] WriteRequest(SocketIORequestType type, string? requestId, Action<Utf8JsonWriter> body)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("uid"u8, Uid);
            if (requestId is not null)
            {
                json.WriteString("requestId"u8, requestId);
            }

            json.WriteNumber("type"u8, (int)type);
            body(json);
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, ReadOnlySpan<byte> name, string[]? values)
    {
        json.WriteStartArray(name);
        foreach (var value in values ?? [])
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary><c>{rooms, except, flags}</c>: empty arrays mean every socket and no exception; the timeout of a broadcast with acks is a flag.</summary>
    private static void WriteBroadcastOptions(MessagePackWriter writer, string[]? rooms, string[]? exceptRooms, long? timeout)
    {
        writer.WriteMapHeader(3);
        writer.WriteString("rooms"u8);
        WriteStrings(writer, rooms);
        writer.WriteString("except"u8);
        WriteStrings(writer, exceptRooms);
        writer.WriteString("flags"u8);
        if (timeout is { } milliseconds)
        {
            writer.WriteMapHeader(1);
            writer.WriteString("timeout"u8);
            writer.WriteInt64(milliseconds);
        }
        else
        {
            writer.WriteMapHeader(0);
        }
    }

    private static void WriteStrings(MessagePackWriter writer, string[]? values)
    {
        writer.WriteArrayHeader(values?.Length ?? 0);
        foreach (var value in values ?? [])
        {
            writer.WriteString(value);
        }
    }

    private static ReadOnlyMemory<byte>[] AttachmentsOf(BackplanePacket packet)
    {
        if (packet.AttachmentCount == 0)
        {
            return [];
        }

        var attachments = new ReadOnlyMemory<byte>[packet.AttachmentCount];
        for (var i = 0; i < attachments.Length; i++)
        {
            attachments[i] = packet.GetAttachment(i);
        }

        return attachments;
    }
}
