using System.Buffers;
using System.Text.Json;
using StackExchange.Redis;
using TypedSockets.SocketIO;
using TypedSockets.Redis.SocketIOAdapter;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Redis.Emitter;

/// <summary>
/// The messages of @socket.io/redis-emitter 5: a broadcast is the MessagePack array <c>[uid, packet, opts]</c> on
/// <c>key#nsp#</c> (or <c>key#nsp#room#</c> for exactly one room), a command is a JSON request on
/// <c>key-request#nsp#</c>. Node socket.io servers with @socket.io/redis-adapter and TypedSockets servers on the
/// socket.io protocol both read them.
/// </summary>
internal sealed class SocketIOEmitterProtocol : EmitterProtocol
{
    /// <summary>The uid @socket.io/redis-emitter sends: no node has it, so every node delivers.</summary>
    private const string Uid = "emitter";

    private readonly ISubscriber _subscriber;
    private readonly string _key;

    public SocketIOEmitterProtocol(ISubscriber subscriber, string key)
    {
        _subscriber = subscriber;
        _key = key;
    }

    public override void PublishBroadcast(string nsp, OutgoingPacket packet, string[]? rooms, string[]? exceptRooms, bool isVolatile)
    {
        var text = packet.Text.Payload.Span;
        var attachments = packet.Attachments is { } messages ? Array.ConvertAll(messages, static m => m.Payload) : [];
        var output = new ArrayBufferWriter<byte>(text.Length + 64);
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.WriteString(Uid);
        MessagePackPacket.Write(writer, text, attachments);
        writer.WriteMapHeader(3);
        writer.WriteString("rooms"u8);
        WriteStrings(writer, rooms);
        writer.WriteString("except"u8);
        WriteStrings(writer, exceptRooms);
        writer.WriteString("flags"u8);
        if (isVolatile)
        {
            writer.WriteMapHeader(1);
            writer.WriteString("volatile"u8);
            writer.WriteBoolean(true);
        }
        else
        {
            writer.WriteMapHeader(0);
        }

        // As the redis-emitter does: a broadcast to exactly one room goes to that room's channel.
        var channel = _key + "#" + nsp + "#" + (rooms is { Length: 1 } ? rooms[0] + "#" : string.Empty);
        Publish(channel, output.WrittenSpan.ToArray());
    }

    public override void PublishCommand(string nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument)
    {
        var type = command switch
        {
            BackplaneCommand.Join => SocketIORequestType.RemoteJoin,
            BackplaneCommand.Leave => SocketIORequestType.RemoteLeave,
            _ => SocketIORequestType.RemoteDisconnect,
        };
        var output = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("uid"u8, Uid);
            json.WriteNumber("type"u8, (int)type);
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

            json.WriteEndObject();
        }

        Publish(_key + "-request#" + nsp + "#", output.WrittenSpan.ToArray());
    }

    public override void PublishServerSideEvent(string nsp, string eventName, ReadOnlySpan<byte> argumentJson) =>
        Publish(_key + "-request#" + nsp + "#", SocketIOServerSideEmitRequest.Write(Uid, eventName, argumentJson, requestId: null));

    private void Publish(string channel, byte[] message) =>
        TypedSocketsEmitter.FireAndForget(_subscriber.PublishAsync(RedisChannel.Literal(channel), message, CommandFlags.FireAndForget));

    private static void WriteStrings(MessagePackWriter writer, string[]? values)
    {
        writer.WriteArrayHeader(values?.Length ?? 0);
        foreach (var value in values ?? [])
        {
            writer.WriteString(value);
        }
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
}
