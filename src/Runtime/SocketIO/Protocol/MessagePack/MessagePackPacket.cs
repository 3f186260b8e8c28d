using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// A socket.io packet as the msgpack parser and the Redis adapter carry it, a map <c>{type, data, nsp, id}</c>, to
/// and from the text encoding every other part of TypedSockets uses (<c>2/chat,7["event",…]</c> plus binary
/// attachments). Binary data travels inside the map as bin values, so a packet is one message: the BINARY_EVENT
/// and BINARY_ACK types (5, 6) exist only in the text encoding.
/// </summary>
internal static class MessagePackPacket
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes the text packet <paramref name="text"/> (with its attachments) as a MessagePack packet map.</summary>
    /// <exception cref="MessagePackException">The text is not a Socket.IO packet, or a placeholder points past the attachments.</exception>
    public static void Write(MessagePackWriter writer, ReadOnlySpan<byte> text, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        if (SocketIOPacketParser.TryParse(text, int.MaxValue, out var header) != SocketIOParseError.None)
        {
            throw new MessagePackException("Not an encoded Socket.IO packet.");
        }

        var payload = text[header.Payload];
        var type = header.Type switch
        {
            SocketIOPacketType.BinaryEvent => SocketIOPacketType.Event,
            SocketIOPacketType.BinaryAck => SocketIOPacketType.Ack,
            _ => header.Type,
        };
        writer.WriteMapHeader(2 + (payload.IsEmpty ? 0 : 1) + (header.HasAckId ? 1 : 0));
        writer.WriteString("type"u8);
        writer.WriteInt64((long)type);
        if (!payload.IsEmpty)
        {
            writer.WriteString("data"u8);
            MessagePackJson.FromJson(payload, writer, attachments);
        }

        writer.WriteString("nsp"u8);
        var nsp = text[header.Namespace];
        writer.WriteString(nsp.IsEmpty ? "/"u8 : nsp);
        if (header.HasAckId)
        {
            writer.WriteString("id"u8);
            writer.WriteInt64(header.AckId);
        }
    }

    /// <summary>
    /// Reads a MessagePack packet map and writes it to <paramref name="text"/> in the text encoding, its bin values
    /// moved to <paramref name="attachments"/>; returns its namespace. Checks what socket.io-msgpack-parser checks:
    /// a type from CONNECT to CONNECT_ERROR, a string namespace, an integer id, data of the type's shape.
    /// </summary>
    /// <exception cref="MessagePackException">The packet is malformed.</exception>
    public static string Read(ref MessagePackReader reader, ArrayBufferWriter<byte> text, List<byte[]> attachments)
    {
        long type = -1;
        string? nsp = null;
        long id = -1;
        var data = new ArrayBufferWriter<byte>();
        var dataKind = MessagePackType.Nil;
        var entries = reader.ReadMapHeader();
        for (var i = 0; i < entries; i++)
        {
            switch (MessagePackJson.ReadKey(ref reader))
            {
                case "type":
                    type = reader.PeekType() == MessagePackType.Integer ? reader.ReadInt64() : throw new MessagePackException("invalid packet type");
                    break;
                case "nsp":
                    nsp = reader.PeekType() == MessagePackType.String ? reader.ReadString() : throw new MessagePackException("invalid namespace");
                    break;
                case "id":
                    if (!reader.TryReadNil())
                    {
                        id = reader.PeekType() == MessagePackType.Integer ? reader.ReadInt64() : throw new MessagePackException("invalid packet id");
                        if (id < 0)
                        {
                            throw new MessagePackException("invalid packet id");
                        }
                    }

                    break;
                case "data":
                    dataKind = reader.PeekType();
                    data.ResetWrittenCount();
                    if (dataKind == MessagePackType.Extension && IsUndefined(reader))
                    {
                        // notepack's undefined (socket.io-client's CONNECT without auth): as if there were no data.
                        reader.Skip();
                        dataKind = MessagePackType.Nil;
                        break;
                    }

                    using (var json = new Utf8JsonWriter(data, JsonOptions))
                    {
                        MessagePackJson.ToJson(ref reader, json, attachments);
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        nsp ??= "/";
        var valid = type switch
        {
            (long)SocketIOPacketType.Connect => dataKind is MessagePackType.Nil or MessagePackType.Map,
            (long)SocketIOPacketType.Disconnect => dataKind is MessagePackType.Nil,
            (long)SocketIOPacketType.ConnectError => dataKind is MessagePackType.String or MessagePackType.Map,
            (long)SocketIOPacketType.Event or (long)SocketIOPacketType.Ack => dataKind is MessagePackType.Array,
            _ => throw new MessagePackException("invalid packet type"),
        };
        if (!valid || (type == (long)SocketIOPacketType.Event && data.WrittenCount <= 2))
        {
            throw new MessagePackException("invalid payload");
        }

        if (nsp.Length == 0 || nsp[0] != '/' || nsp.Contains(','))
        {
            throw new MessagePackException("invalid namespace");
        }

        WriteText(text, (SocketIOPacketType)type, attachments.Count, nsp, id, data.WrittenSpan);
        return nsp;
    }

    private static bool IsUndefined(MessagePackReader copy)
    {
        var data = copy.ReadExtension(out var type);
        return type == 0 && data.Length == 1 && data[0] == 0;
    }

    /// <summary>Writes a packet in the text encoding: EVENT and ACK become their binary types when <paramref name="attachments"/> is not 0.</summary>
    public static void WriteText(ArrayBufferWriter<byte> text, SocketIOPacketType type, int attachments, string nsp, long id, ReadOnlySpan<byte> data)
    {
        if (attachments > 0 && type is SocketIOPacketType.Event or SocketIOPacketType.Ack)
        {
            type = type == SocketIOPacketType.Event ? SocketIOPacketType.BinaryEvent : SocketIOPacketType.BinaryAck;
            WriteDigits(text, (long)type);
            WriteDigits(text, attachments);
            text.Write("-"u8);
        }
        else
        {
            WriteDigits(text, (long)type);
        }

        if (nsp != "/")
        {
            var span = text.GetSpan(Encoding.UTF8.GetMaxByteCount(nsp.Length) + 1);
            var written = Encoding.UTF8.GetBytes(nsp, span);
            span[written] = (byte)',';
            text.Advance(written + 1);
        }

        if (id >= 0)
        {
            WriteDigits(text, id);
        }

        text.Write(data);
    }

    private static void WriteDigits(ArrayBufferWriter<byte> text, long value)
    {
        var span = text.GetSpan(20);
        value.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        text.Advance(written);
    }
}
