using System.Buffers;
using TypedSockets.EngineIO;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// The msgpack parser at the connection boundary: every packet TypedSockets encodes (text plus attachments) leaves as
/// one binary message holding the MessagePack map, and every binary message a client sends is turned back into the
/// text packet and attachments the rest of the Socket.IO layer decodes. Hub dispatch, acks and binary reassembly stay
/// in one place for both parsers.
/// </summary>
internal static class MessagePackFraming
{
    /// <summary>The packet as one binary message; the caller still owns <paramref name="packet"/> and releases it.</summary>
    public static OutgoingPacket ToBinary(in OutgoingPacket packet)
    {
        var text = packet.Text.Payload.Span;
        var size = text.Length + 16;
        ReadOnlyMemory<byte>[]? attachments = null;
        if (packet.Attachments is { Length: > 0 } framed)
        {
            attachments = new ReadOnlyMemory<byte>[framed.Length];
            for (var i = 0; i < framed.Length; i++)
            {
                attachments[i] = framed[i].Payload;
                size += attachments[i].Length + 5;
            }
        }

        using var message = new EngineMessageWriter(size);
        MessagePackPacket.Write(new MessagePackWriter(message), text, attachments);
        return new OutgoingPacket(message.ToMessage(isBinary: true), null);
    }

    /// <summary>A packet without attachments (CONNECT, CONNECT_ERROR, DISCONNECT) as one binary message; the caller still owns <paramref name="text"/>.</summary>
    public static EngineMessage ToBinary(EngineMessage text)
    {
        using var message = new EngineMessageWriter(text.Payload.Length + 16);
        MessagePackPacket.Write(new MessagePackWriter(message), text.Payload.Span, default);
        return message.ToMessage(isBinary: true);
    }

    /// <summary>
    /// Decodes one client message as socket.io-msgpack-parser does, into the text packet and its attachments; false,
    /// with <paramref name="error"/>, for anything that parser would refuse (or a trailing byte after the map).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, ArrayBufferWriter<byte> text, List<byte[]> attachments, out string? error)
    {
        try
        {
            var reader = new MessagePackReader(message);
            if (reader.PeekType() != MessagePackType.Map)
            {
                error = "a msgpack packet that is not a map";
                return false;
            }

            MessagePackPacket.Read(ref reader, text, attachments);
            if (!reader.End)
            {
                error = "bytes after the msgpack packet";
                return false;
            }

            error = null;
            return true;
        }
        catch (MessagePackException exception)
        {
            error = "msgpack: " + exception.Message;
            return false;
        }
    }
}
