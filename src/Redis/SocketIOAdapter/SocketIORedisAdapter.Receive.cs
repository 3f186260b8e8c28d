using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using StackExchange.Redis;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>
/// What this node does with what the cluster sends. Everything here is the boundary of what any node (or anyone with
/// access to Redis) publishes: a malformed message is logged and dropped, never thrown.
/// </summary>
internal sealed partial class SocketIORedisAdapter
{
    private static readonly JsonWriterOptions RelaxedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private void OnBroadcastMessage(AdapterChannels channels, ChannelMessage message)
    {
        try
        {
            var bytes = (byte[])message.Message!;
            var reader = new MessagePackReader(bytes);
            if (reader.ReadArrayHeader() < 3)
            {
                throw new MessagePackException("A broadcast is [uid, packet, opts].");
            }

            if (reader.ReadNullableString() == Uid)
            {
                return;
            }

            var text = new ArrayBufferWriter<byte>(bytes.Length + 16);
            var attachments = new List<byte[]>();
            var nsp = MessagePackPacket.Read(ref reader, text, attachments);
            if (nsp != channels.Namespace.Name)
            {
                return;
            }

            ReadBroadcastOptions(ref reader, out var rooms, out var exceptRooms);
            Host.Deliver(channels.Namespace, text.WrittenSpan, ToMemory(attachments), rooms, exceptRooms);
        }
        catch (Exception exception)
        {
            SocketIOAdapterLog.MalformedMessage(_logger, message.Channel.ToString(), exception);
        }
    }

    private Task OnRequestMessageAsync(AdapterChannels channels, ChannelMessage message)
    {
        try
        {
            var attachments = new List<byte[]>();
            using var document = Parse((byte[])message.Message!, attachments);
            var request = document.RootElement;
            if (request.ValueKind != JsonValueKind.Object
                || (request.TryGetProperty("uid"u8, out var uid) && uid.ValueKind == JsonValueKind.String && uid.ValueEquals(Uid))
                || !request.TryGetProperty("type"u8, out var typeElement)
                || !typeElement.TryGetInt32(out var type))
            {
                return Task.CompletedTask;
            }

            var nsp = channels.Namespace;
            switch ((SocketIORequestType)type)
            {
                case SocketIORequestType.Sockets:
                    var rooms = Strings(request, "rooms"u8);
                    Respond(channels, request, json =>
                    {
                        json.WriteStartArray("sockets"u8);
                        foreach (var socket in nsp.GetLocalSockets())
                        {
                            if (InAny(socket, rooms))
                            {
                                json.WriteStringValue(socket.Id);
                            }
                        }

                        json.WriteEndArray();
                    });
                    break;
                case SocketIORequestType.AllRooms:
                    Respond(channels, request, json =>
                    {
                        var all = new HashSet<string>(StringComparer.Ordinal);
                        foreach (var socket in nsp.GetLocalSockets())
                        {
                            all.Add(socket.Id);
                            all.UnionWith(socket.Rooms);
                        }

                        WriteStrings(json, "rooms"u8, [.. all]);
                    });
                    break;
                case SocketIORequestType.RemoteJoin:
                case SocketIORequestType.RemoteLeave:
                    OnRemoteMembership(channels, request, (SocketIORequestType)type);
                    break;
                case SocketIORequestType.RemoteDisconnect:
                    var close = request.TryGetProperty("close"u8, out var closeElement) && closeElement.ValueKind == JsonValueKind.True;
                    if (request.TryGetProperty("opts"u8, out var opts))
                    {
                        Host.Apply(nsp, BackplaneCommand.Disconnect, NullIfEmpty(Strings(opts, "rooms"u8)), NullIfEmpty(Strings(opts, "except"u8)), close ? "close" : null);
                    }
                    else if (request.TryGetProperty("sid"u8, out var sid) && sid.GetString() is { } id && nsp.TryGetSocket(id, out _))
                    {
                        Host.Apply(nsp, BackplaneCommand.Disconnect, [id], null, close ? "close" : null);
                        Respond(channels, request, static _ => { });
                    }

                    break;
                case SocketIORequestType.RemoteFetch:
                    var fetchOptions = request.TryGetProperty("opts"u8, out var fetchOpts) ? fetchOpts : default;
                    var fetchRooms = fetchOptions.ValueKind == JsonValueKind.Object ? Strings(fetchOptions, "rooms"u8) : [];
                    var fetchExcept = fetchOptions.ValueKind == JsonValueKind.Object ? Strings(fetchOptions, "except"u8) : [];
                    Respond(channels, request, json => SocketDetails.WriteSockets(json, nsp, fetchRooms, fetchExcept));
                    break;
                case SocketIORequestType.ServerSideEmit:
                    OnServerSideEmit(channels, request);
                    break;
                case SocketIORequestType.Broadcast:
                    OnBroadcastWithAck(channels, request, attachments);
                    break;
            }
        }
        catch (Exception exception)
        {
            SocketIOAdapterLog.MalformedMessage(_logger, message.Channel.ToString(), exception);
        }

        return Task.CompletedTask;
    }

    private void OnRemoteMembership(AdapterChannels channels, JsonElement request, SocketIORequestType type)
    {
        var nsp = channels.Namespace;
        var command = type == SocketIORequestType.RemoteJoin ? BackplaneCommand.Join : BackplaneCommand.Leave;
        if (request.TryGetProperty("opts"u8, out var opts))
        {
            var rooms = NullIfEmpty(Strings(opts, "rooms"u8));
            var except = NullIfEmpty(Strings(opts, "except"u8));
            foreach (var room in Strings(request, "rooms"u8))
            {
                Host.Apply(nsp, command, rooms, except, room);
            }
        }
        else if (request.TryGetProperty("sid"u8, out var sid) && sid.GetString() is { } id && nsp.TryGetSocket(id, out _)
            && request.TryGetProperty("room"u8, out var room) && room.GetString() is { } name)
        {
            Host.Apply(nsp, command, [id], null, name);
            Respond(channels, request, static _ => { });
        }
    }

    private void OnServerSideEmit(AdapterChannels channels, JsonElement request)
    {
        if (!request.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0
            || data[0].ValueKind != JsonValueKind.String)
        {
            return;
        }

        // TypedSockets' server-side handlers take one JSON value: the first argument after the name.
        var eventName = data[0].GetString()!;
        var argument = data.GetArrayLength() > 1 ? System.Text.Encoding.UTF8.GetBytes(data[1].GetRawText()) : [];
        _serverSideAckHandlers.TryGetValue((channels.Namespace.Name, eventName), out var ackHandler);
        if (request.TryGetProperty("requestId"u8, out var requestId) && ackHandler is not null)
        {
            _ = AnswerServerSideEmitAsync(channels, requestId.Clone(), eventName, argument, ackHandler);
        }
        else
        {
            _ = Host.RaiseServerSideEventAsync(channels.Namespace, eventName, argument).AsTask();
        }
    }

    public void SetServerSideAckHandler(Namespace nsp, string eventName, Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>> handler) =>
        _serverSideAckHandlers[(nsp.Name, eventName)] = handler;

    private void OnBroadcastWithAck(AdapterChannels channels, JsonElement request, List<byte[]> attachments)
    {
        var packet = request.GetProperty("packet"u8);
        var text = new ArrayBufferWriter<byte>();
        var nsp = packet.TryGetProperty("nsp"u8, out var nspElement) ? nspElement.GetString() ?? "/" : "/";
        if (nsp != channels.Namespace.Name)
        {
            return;
        }

        var id = packet.TryGetProperty("id"u8, out var idElement) && idElement.TryGetInt64(out var packetId) ? packetId : 0;
        var data = System.Text.Encoding.UTF8.GetBytes(packet.GetProperty("data"u8).GetRawText());
        MessagePackPacket.WriteText(text, SocketIOPacketType.Event, attachments.Count, nsp, id, data);
        var opts = request.GetProperty("opts"u8);
        var timeout = opts.TryGetProperty("flags"u8, out var flags) && flags.ValueKind == JsonValueKind.Object
            && flags.TryGetProperty("timeout"u8, out var timeoutElement) && timeoutElement.TryGetDouble(out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(Math.Min(milliseconds, int.MaxValue))
            : TimeSpan.FromSeconds(5);

        // Answer a little before the sender gives up, so the answers so far still count.
        var collected = Host.DeliverWithAckAsync(channels.Namespace, text.WrittenSpan, ToMemory(attachments), NullIfEmpty(Strings(opts, "rooms"u8)), NullIfEmpty(Strings(opts, "except"u8)), timeout * 0.8, _stopping.Token);
        _ = AnswerBroadcastAsync(channels, request.GetProperty("requestId"u8).Clone(), collected);
    }

    private async Task AnswerBroadcastAsync(AdapterChannels channels, JsonElement requestId, Task<BroadcastAckResult> collected)
    {
        BroadcastAckResult result;
        try
        {
            result = await collected.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Publish(channels.Response, WriteResponse(requestId, SocketIORequestType.BroadcastClientCount, json => json.WriteNumber("clientCount"u8, result.Recipients)), "broadcast client count", channels.Namespace);
        foreach (var response in result.Responses)
        {
            // The adapter hands each client's first acknowledgement argument to the sender.
            var output = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(output);
            writer.WriteMapHeader(3);
            writer.WriteString("type"u8);
            writer.WriteInt64((long)SocketIORequestType.BroadcastAck);
            writer.WriteString("requestId"u8);
            WriteJsonValue(writer, requestId);
            writer.WriteString("packet"u8);
            MessagePackJson.FromJson(response.Arguments.Count > 0 ? response.Arguments[0].Span : default, writer, []);
            Publish(channels.Response, output.WrittenSpan.ToArray(), "broadcast ack", channels.Namespace);
        }
    }

    /// <summary>Runs an acknowledging handler and publishes its answer (when the event asked for one: <paramref name="requestId"/> set).</summary>
    private async Task AnswerServerSideEmitAsync(AdapterChannels channels, JsonElement requestId, string eventName, byte[] argument, Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>> handler)
    {
        ReadOnlyMemory<byte> answer;
        try
        {
            answer = await handler(argument).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocketIOAdapterLog.ServerSideHandlerFailed(_logger, eventName, channels.Namespace.Name, exception);
            return;
        }

        if (requestId.ValueKind == JsonValueKind.Undefined)
        {
            return;
        }

        Publish(channels.Response, WriteResponse(requestId, SocketIORequestType.ServerSideEmit, json =>
        {
            json.WritePropertyName("data"u8);
            if (answer.IsEmpty)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(answer.Span);
            }
        }), "server-side ack", channels.Namespace);
    }

    private void OnResponseMessage(ChannelMessage message)
    {
        try
        {
            var attachments = new List<byte[]>();
            using var document = Parse((byte[])message.Message!, attachments);
            var response = document.RootElement;
            if (response.ValueKind != JsonValueKind.Object
                || !response.TryGetProperty("requestId"u8, out var requestIdElement)
                || requestIdElement.ValueKind != JsonValueKind.String
                || !_pending.TryGetValue(requestIdElement.GetString()!, out var pending))
            {
                return;
            }

            switch (pending.Type)
            {
                case SocketIORequestType.Sockets:
                    pending.OnSockets(Strings(response, "sockets"u8));
                    break;
                case SocketIORequestType.ServerSideEmit:
                    pending.OnAnswer(WrapArray(response, "data"u8), countsAsNode: true);
                    break;
                case SocketIORequestType.Broadcast:
                    var type = response.TryGetProperty("type"u8, out var typeElement) && typeElement.TryGetInt32(out var t) ? t : -1;
                    if (type == (int)SocketIORequestType.BroadcastClientCount && response.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients))
                    {
                        pending.OnClientCount(clients);
                    }
                    else if (type == (int)SocketIORequestType.BroadcastAck)
                    {
                        pending.OnAnswer(WrapArray(response, "packet"u8), countsAsNode: false);
                    }

                    break;
            }
        }
        catch (Exception exception)
        {
            SocketIOAdapterLog.MalformedMessage(_logger, message.Channel.ToString(), exception);
        }
    }

    private void Respond(AdapterChannels channels, JsonElement request, Action<Utf8JsonWriter> body)
    {
        if (!request.TryGetProperty("requestId"u8, out var requestId))
        {
            return;
        }

        // Requests the adapter answers in JSON carry no type in their answer; the sender knows it by the id.
        Publish(channels.Response, WriteResponse(requestId, type: null, body), "response", channels.Namespace);
    }

    private static byte[] WriteResponse(JsonElement requestId, SocketIORequestType? type, Action<Utf8JsonWriter> body)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output, RelaxedJson))
        {
            json.WriteStartObject();
            if (type is { } known)
            {
                json.WriteNumber("type"u8, (int)known);
            }

            json.WritePropertyName("requestId"u8);
            requestId.WriteTo(json);
            body(json);
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>A request or response: JSON when it starts with <c>{</c> (as the adapter tells them apart), MessagePack otherwise.</summary>
    private static JsonDocument Parse(byte[] message, List<byte[]> attachments)
    {
        if (message.Length > 0 && message[0] == (byte)'{')
        {
            return JsonDocument.Parse(message);
        }

        var reader = new MessagePackReader(message);
        var output = new ArrayBufferWriter<byte>(message.Length * 2);
        using (var json = new Utf8JsonWriter(output, RelaxedJson))
        {
            MessagePackJson.ToJson(ref reader, json, attachments);
        }

        return JsonDocument.Parse(output.WrittenMemory);
    }

    private static void ReadBroadcastOptions(ref MessagePackReader reader, out string[]? rooms, out string[]? exceptRooms)
    {
        rooms = null;
        exceptRooms = null;
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            switch (MessagePackJson.ReadKey(ref reader))
            {
                case "rooms":
                    rooms = ReadRoomNames(ref reader);
                    break;
                case "except":
                    exceptRooms = ReadRoomNames(ref reader);
                    break;
                default:
                    // flags: volatile and compress change nothing here (the packet is delivered or not).
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>Room names: strings, or numbers as socket.io allows; an empty list is null (every socket, no exception).</summary>
    private static string[]? ReadRoomNames(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var count = reader.ReadArrayHeader();
        if (count == 0)
        {
            return null;
        }

        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = reader.PeekType() == MessagePackType.Float
                ? reader.ReadDouble().ToString(CultureInfo.InvariantCulture)
                : MessagePackJson.ReadKey(ref reader);
        }

        return names;
    }

    private static string[] Strings(JsonElement element, ReadOnlySpan<byte> name)
    {
        if (!element.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var values = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
        }

        return [.. values];
    }

    private static string[]? NullIfEmpty(string[] values) => values.Length == 0 ? null : values;

    private static bool InAny(Socket socket, string[] rooms)
    {
        if (rooms.Length == 0)
        {
            return true;
        }

        var joined = socket.Rooms;
        foreach (var room in rooms)
        {
            if (room == socket.Id || joined.Contains(room))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] WrapArray(JsonElement element, ReadOnlySpan<byte> name)
    {
        var raw = element.TryGetProperty(name, out var value) ? value.GetRawText() : "null";
        return System.Text.Encoding.UTF8.GetBytes("[" + raw + "]");
    }

    private static void WriteJsonValue(MessagePackWriter writer, JsonElement value)
    {
        var raw = System.Text.Encoding.UTF8.GetBytes(value.GetRawText());
        MessagePackJson.FromJson(raw, writer, []);
    }

    private static ReadOnlyMemory<byte>[] ToMemory(List<byte[]> attachments)
    {
        if (attachments.Count == 0)
        {
            return [];
        }

        var memory = new ReadOnlyMemory<byte>[attachments.Count];
        for (var i = 0; i < memory.Length; i++)
        {
            memory[i] = attachments[i];
        }

        return memory;
    }
}
