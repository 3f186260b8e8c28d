using System.Collections.Concurrent;
using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis.Emitter;

/// <summary>
/// The native protocol's envelopes, exactly as a node's <see cref="RedisBackplane"/> publishes them, on the channel
/// of the namespace. The emitter's origin id is its own, so every node (none has that id) delivers the message.
/// The protocol has no volatile flag: a volatile emit is delivered like any other.
/// </summary>
internal sealed class NativeEmitterProtocol : EmitterProtocol
{
    private readonly ISubscriber _subscriber;
    private readonly string _prefix;
    private readonly string _origin;
    private readonly ConcurrentDictionary<string, RedisChannel> _channels = new(StringComparer.Ordinal);

    public NativeEmitterProtocol(ISubscriber subscriber, string prefix, string origin)
    {
        _subscriber = subscriber;
        _prefix = prefix;
        _origin = origin;
    }

    public override void PublishBroadcast(string nsp, OutgoingPacket packet, string[]? rooms, string[]? exceptRooms, bool isVolatile)
    {
        var text = packet.Text.Payload.Span;
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.Broadcast, _origin, text.Length + 64);
        envelope.WriteStrings(rooms);
        envelope.WriteStrings(exceptRooms);
        envelope.WriteBlob(text);
        var attachments = packet.Attachments;
        envelope.WriteInt32(attachments?.Length ?? 0);
        foreach (var attachment in attachments ?? [])
        {
            envelope.WriteBlob(attachment.Payload.Span);
        }

        Publish(nsp, envelope);
    }

    public override void PublishCommand(string nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument)
    {
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.Command, _origin);
        envelope.WriteByte((byte)command);
        envelope.WriteStrings(rooms);
        envelope.WriteStrings(exceptRooms);
        envelope.WriteString(argument);
        Publish(nsp, envelope);
    }

    public override void PublishServerSideEvent(string nsp, string eventName, ReadOnlySpan<byte> argumentJson)
    {
        var envelope = new RedisEnvelopeWriter(RedisMessageKind.ServerSideEvent, _origin, argumentJson.Length + 64);
        envelope.WriteString(eventName);
        envelope.WriteBlob(argumentJson);
        Publish(nsp, envelope);
    }

    private void Publish(string nsp, RedisEnvelopeWriter envelope)
    {
        var channel = _channels.GetOrAdd(nsp, static (name, prefix) => RedisChannel.Literal(prefix + "#ns#" + name), _prefix);
        TypedSocketsEmitter.FireAndForget(_subscriber.PublishAsync(channel, envelope.ToArray(), CommandFlags.FireAndForget));
    }
}
