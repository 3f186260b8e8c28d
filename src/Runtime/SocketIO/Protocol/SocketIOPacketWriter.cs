using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TypedSockets.EngineIO;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// The one Socket.IO v5 encoder, used by the server and the client alike: writes outgoing packets straight into
/// <see cref="EngineMessage"/>s, so a broadcast is serialized and framed once. <c>namespacePrefix</c> is
/// <c>/name,</c> for a custom namespace and empty for <c>/</c>.
/// </summary>
internal static class SocketIOPacketWriter
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // socket.io peers send and expect plain UTF-8; escaping every non-ASCII character would only bloat packets.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [ThreadStatic]
    private static ArgumentWriter? t_cached;

    /// <summary>EVENT <c>["name", args…]</c>, or BINARY_EVENT when arguments wrote binary; <paramref name="ackId"/> -1 for none.</summary>
    public static OutgoingPacket WriteEvent<TState>(ReadOnlySpan<byte> namespacePrefix, long ackId, string eventName, TState state, WriteArguments<TState>? write)
        where TState : allows ref struct
        => Write(SocketIOPacketType.Event, namespacePrefix, ackId, eventName, state, write, 0);

    /// <summary>
    /// EVENT without an ack id whose last argument is the recovery <paramref name="offset"/> as a JSON string (how
    /// socket.io marks a packet a reconnecting client can ask to be replayed from), written in the same pass.
    /// </summary>
    public static OutgoingPacket WriteRecoverableEvent<TState>(ReadOnlySpan<byte> namespacePrefix, string eventName, TState state, WriteArguments<TState>? write, long offset)
        where TState : allows ref struct
        => Write(SocketIOPacketType.Event, namespacePrefix, -1, eventName, state, write, offset);

    /// <summary>As the overload without <paramref name="trace"/>, with its context as a last carrier argument when not null.</summary>
    public static OutgoingPacket WriteEvent<TState>(ReadOnlySpan<byte> namespacePrefix, long ackId, string eventName, TState state, WriteArguments<TState>? write, System.Diagnostics.Activity? trace)
        where TState : allows ref struct
        => Write(SocketIOPacketType.Event, namespacePrefix, ackId, eventName, state, write, 0, trace);

    /// <summary>ACK <c>[args…]</c>, or BINARY_ACK when arguments wrote binary.</summary>
    public static OutgoingPacket WriteAck<TState>(ReadOnlySpan<byte> namespacePrefix, long ackId, TState state, WriteArguments<TState>? write)
        where TState : allows ref struct
        => Write(SocketIOPacketType.Ack, namespacePrefix, ackId, null, state, write, 0);

    /// <summary>A client's CONNECT, with its auth payload (a JSON object) when <paramref name="authJson"/> is not empty.</summary>
    public static EngineMessage WriteConnectRequest(ReadOnlySpan<byte> namespacePrefix, ReadOnlySpan<byte> authJson)
    {
        using var message = new EngineMessageWriter(8 + namespacePrefix.Length + authJson.Length);
        WriteHeader(message, SocketIOPacketType.Connect, 0, namespacePrefix, -1);
        message.Write(authJson);
        return message.ToMessage(isBinary: false);
    }

    /// <summary>The server's CONNECT answer <c>{"sid":"…"}</c>, or <c>{"sid":"…","pid":"…"}</c> with recovery on.</summary>
    public static EngineMessage WriteConnect(ReadOnlySpan<byte> namespacePrefix, string socketId, string? privateSessionId = null)
    {
        using var message = new EngineMessageWriter(32 + namespacePrefix.Length + socketId.Length);
        WriteHeader(message, SocketIOPacketType.Connect, 0, namespacePrefix, -1);
        var json = Rent(message);
        try
        {
            json.Json.WriteStartObject();
            json.Json.WriteString("sid"u8, socketId);
            if (privateSessionId is not null)
            {
                json.Json.WriteString("pid"u8, privateSessionId);
            }

            json.Json.WriteEndObject();
            json.Json.Flush();
        }
        finally
        {
            Return(json);
        }

        return message.ToMessage(isBinary: false);
    }

    /// <summary>CONNECT_ERROR <c>{"message":"…"[,"data":…]}</c>; <paramref name="dataJson"/> empty for no data.</summary>
    public static EngineMessage WriteConnectError(ReadOnlySpan<byte> namespacePrefix, string errorMessage, ReadOnlySpan<byte> dataJson)
    {
        using var message = new EngineMessageWriter(48 + namespacePrefix.Length + errorMessage.Length + dataJson.Length);
        WriteHeader(message, SocketIOPacketType.ConnectError, 0, namespacePrefix, -1);
        var json = Rent(message);
        try
        {
            json.Json.WriteStartObject();
            json.Json.WriteString("message"u8, errorMessage);
            if (!dataJson.IsEmpty)
            {
                json.Json.WritePropertyName("data"u8);
                json.Json.WriteRawValue(dataJson);
            }

            json.Json.WriteEndObject();
            json.Json.Flush();
        }
        finally
        {
            Return(json);
        }

        return message.ToMessage(isBinary: false);
    }

    /// <summary>DISCONNECT (no payload).</summary>
    public static EngineMessage WriteDisconnect(ReadOnlySpan<byte> namespacePrefix)
    {
        using var message = new EngineMessageWriter(8 + namespacePrefix.Length);
        WriteHeader(message, SocketIOPacketType.Disconnect, 0, namespacePrefix, -1);
        return message.ToMessage(isBinary: false);
    }

    private static OutgoingPacket Write<TState>(SocketIOPacketType type, ReadOnlySpan<byte> namespacePrefix, long ackId, string? eventName, TState state, WriteArguments<TState>? write, long offset, System.Diagnostics.Activity? trace = null)
        where TState : allows ref struct
    {
        var text = EngineMessageWriter.Rent(256);
        var arguments = Rent(text);
        EngineMessage[]? attachments = null;
        try
        {
            var headerLength = WriteHeader(text, type, 0, namespacePrefix, ackId);
            var json = arguments.Json;
            json.WriteStartArray();
            if (eventName is not null)
            {
                json.WriteStringValue(eventName);
            }

            write?.Invoke(arguments, state);
            if (trace is not null)
            {
                Diagnostics.TraceCarrier.Write(json, trace);
            }

            if (offset > 0)
            {
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(offset, digits, out var written);
                json.WriteStringValue(digits[..written]);
            }

            json.WriteEndArray();
            json.Flush();
            if (arguments.Attachments.Count == 0)
            {
                return new OutgoingPacket(text.ToMessage(isBinary: false), null);
            }

            // Rare path: the attachment count belongs in the header, known only now, so the JSON moves once.
            var binaryType = type == SocketIOPacketType.Event ? SocketIOPacketType.BinaryEvent : SocketIOPacketType.BinaryAck;
            var binary = EngineMessageWriter.Rent(text.WrittenCount + 8);
            try
            {
                WriteHeader(binary, binaryType, arguments.Attachments.Count, namespacePrefix, ackId);
                binary.Write(text.WrittenSpan[headerLength..]);
                attachments = new EngineMessage[arguments.Attachments.Count];
                for (var i = 0; i < attachments.Length; i++)
                {
                    var bytes = arguments.Attachments[i].Span;
                    var attachment = EngineMessageWriter.Rent(bytes.Length);
                    attachment.Write(bytes);
                    attachments[i] = attachment.ToMessage(isBinary: true);
                    EngineMessageWriter.Return(attachment);
                }

                return new OutgoingPacket(binary.ToMessage(isBinary: false), attachments);
            }
            finally
            {
                EngineMessageWriter.Return(binary);
            }
        }
        catch
        {
            if (attachments is not null)
            {
                foreach (var attachment in attachments)
                {
                    attachment?.Release();
                }
            }

            throw;
        }
        finally
        {
            Return(arguments);
            EngineMessageWriter.Return(text);
        }
    }

    private static int WriteHeader(EngineMessageWriter message, SocketIOPacketType type, int attachments, ReadOnlySpan<byte> namespacePrefix, long ackId)
    {
        var span = message.GetSpan(1 + 11 + namespacePrefix.Length + 20);
        span[0] = (byte)('0' + (byte)type);
        var length = 1;
        if (attachments > 0)
        {
            Utf8Formatter.TryFormat(attachments, span[length..], out var written);
            length += written;
            span[length++] = (byte)'-';
        }

        namespacePrefix.CopyTo(span[length..]);
        length += namespacePrefix.Length;
        if (ackId >= 0)
        {
            Utf8Formatter.TryFormat(ackId, span[length..], out var written);
            length += written;
        }

        message.Advance(length);
        return length;
    }

    private static ArgumentWriter Rent(IBufferWriter<byte> output)
    {
        var arguments = t_cached;
        t_cached = null;
        if (arguments is null)
        {
            arguments = new ArgumentWriter(new Utf8JsonWriter(output, JsonOptions));
        }
        else
        {
            arguments.Json.Reset(output);
        }

        return arguments;
    }

    private static void Return(ArgumentWriter arguments)
    {
        arguments.Attachments.Clear();
        arguments.Json.Reset();
        t_cached = arguments;
    }
}
