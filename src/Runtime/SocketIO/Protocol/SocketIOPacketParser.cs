using System.Text;
using System.Text.Json;
using TypedSockets.Buffers;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// The one Socket.IO v5 decoder, used by the server and the client alike: parses the text of a packet (the Engine.IO
/// message payload after its <c>4</c>), whichever side sent it. Everything is offsets into the caller's bytes: the
/// event name and each argument stay raw JSON spans until <see cref="TryReadPacket"/> copies an event or
/// acknowledgement into pooled memory.
/// </summary>
internal static class SocketIOPacketParser
{
    // 2^53: the largest integer a JavaScript peer keeps exact, so any longer id is not one it could have sent.
    private const long MaxAckId = 9_007_199_254_740_992;

    /// <summary>
    /// Splits <paramref name="packet"/> into its fields and checks the payload's shape for its type (a CONNECT's
    /// payload is a JSON object no deeper than <paramref name="maxDepth"/>).
    /// </summary>
    public static SocketIOParseError TryParse(ReadOnlySpan<byte> packet, int maxAttachments, out SocketIOPacketHeader header, int maxDepth = OptionDefaults.MaxJsonDepth)
    {
        header = default;
        if (packet.IsEmpty)
        {
            return SocketIOParseError.Empty;
        }

        var typeDigit = packet[0] - '0';
        if (typeDigit is < 0 or > (int)SocketIOPacketType.BinaryAck)
        {
            return SocketIOParseError.UnknownPacketType;
        }

        var type = (SocketIOPacketType)typeDigit;
        var i = 1;
        var attachments = 0;
        if (type is SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck)
        {
            var start = i;
            while (i < packet.Length && IsDigit(packet[i]) && i - start < 10)
            {
                attachments = (attachments * 10) + (packet[i] - '0');
                i++;
            }

            if (i == start || i >= packet.Length || packet[i] != '-' || attachments < 1)
            {
                return SocketIOParseError.BadAttachmentCount;
            }

            if (attachments > maxAttachments)
            {
                return SocketIOParseError.TooManyAttachments;
            }

            i++;
        }

        var nsp = new Range(i, i);
        if (i < packet.Length && packet[i] == '/')
        {
            var start = i;
            var comma = packet[i..].IndexOf((byte)',');
            var end = comma < 0 ? packet.Length : i + comma;
            nsp = new Range(start, end);
            i = comma < 0 ? end : end + 1;
        }

        long ackId = -1;
        if (i < packet.Length && IsDigit(packet[i]))
        {
            ackId = 0;
            while (i < packet.Length && IsDigit(packet[i]))
            {
                ackId = (ackId * 10) + (packet[i] - '0');
                if (ackId > MaxAckId)
                {
                    return SocketIOParseError.BadAckId;
                }

                i++;
            }
        }

        var payload = new Range(i, packet.Length);
        header = new SocketIOPacketHeader(type, attachments, nsp, ackId, payload);
        return ValidatePayload(type, ackId, packet[i..], maxDepth);
    }

    /// <summary>
    /// Decodes an EVENT, ACK, BINARY_EVENT or BINARY_ACK that <see cref="TryParse"/> accepted into
    /// <paramref name="decoded"/>: its payload copied into a pooled buffer, with the bounds of the event name and of
    /// every argument. The caller owns <paramref name="decoded"/> (dispose it, or hand a binary packet to a
    /// <see cref="BinaryPacketAssembler"/>); on an error nothing is rented. JSON nested deeper than
    /// <paramref name="maxDepth"/> (the argument array counts as one level) is a bad payload.
    /// </summary>
    public static SocketIOParseError TryReadPacket(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header, out SocketIOPacket decoded, int maxDepth = OptionDefaults.MaxJsonDepth)
    {
        decoded = default;
        var payload = packet[header.Payload];
        Range name = default;
        var nameEscaped = false;
        PooledArray<int> bounds;
        int count;
        var error = header.Type switch
        {
            SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent => TryReadEvent(payload, out name, out nameEscaped, out bounds, out count, maxDepth),
            SocketIOPacketType.Ack or SocketIOPacketType.BinaryAck => TryReadAck(payload, out bounds, out count, maxDepth),
            _ => throw new ArgumentException($"{header.Type} carries no arguments.", nameof(header)),
        };
        if (error == SocketIOParseError.None)
        {
            decoded = new SocketIOPacket(header.Type, header.AckId, PooledArray<byte>.CopyOf(payload), payload.Length, name, nameEscaped, bounds, count);
        }

        return error;
    }

    /// <summary>
    /// Decodes a non-binary EVENT or ACK that <see cref="TryParse"/> accepted straight into memory of its own, with one
    /// copy: for a holder that keeps the arguments beyond the packet (an emit waiting for its ack, the client's
    /// handlers), where a pooled copy would only be copied again. <paramref name="eventName"/> is an EVENT's name,
    /// null for an ACK. A binary packet goes through <see cref="TryReadPacket"/> and a <see cref="BinaryPacketAssembler"/>.
    /// </summary>
    public static SocketIOParseError TryReadOwned(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header, out EventArguments arguments, out string? eventName, int maxDepth = OptionDefaults.MaxJsonDepth)
    {
        arguments = default;
        eventName = null;
        var payload = packet[header.Payload];
        Range name = default;
        var nameEscaped = false;
        PooledArray<int> bounds;
        int count;
        var error = header.Type switch
        {
            SocketIOPacketType.Event => TryReadEvent(payload, out name, out nameEscaped, out bounds, out count, maxDepth),
            SocketIOPacketType.Ack => TryReadAck(payload, out bounds, out count, maxDepth),
            _ => throw new ArgumentException($"{header.Type} is not a non-binary EVENT or ACK.", nameof(header)),
        };
        if (error != SocketIOParseError.None)
        {
            return error;
        }

        using (bounds)
        {
            arguments = new EventArguments(payload.ToArray(), bounds.IsEmpty ? null : bounds.Array.AsSpan(0, count * 2).ToArray(), count, null);
        }

        if (header.Type == SocketIOPacketType.Event)
        {
            eventName = DecodeName(payload[name], nameEscaped);
        }

        return SocketIOParseError.None;
    }

    /// <summary>
    /// Reads an EVENT payload: a JSON array whose first element is the event name (a string). On success
    /// <paramref name="name"/> is the name's raw string token (between the quotes) and <paramref name="bounds"/>
    /// holds <c>start, length</c> of every later element (empty when there is none); the caller disposes it.
    /// </summary>
    public static SocketIOParseError TryReadEvent(ReadOnlySpan<byte> payload, out Range name, out bool nameEscaped, out PooledArray<int> bounds, out int count, int maxDepth = OptionDefaults.MaxJsonDepth) =>
        TryReadArray(payload, nameFirst: true, maxDepth, out name, out nameEscaped, out bounds, out count) ? SocketIOParseError.None : SocketIOParseError.BadEventPayload;

    /// <summary>Reads an ACK payload: a JSON array (possibly empty) of arguments; see <see cref="TryReadEvent"/>.</summary>
    public static SocketIOParseError TryReadAck(ReadOnlySpan<byte> payload, out PooledArray<int> bounds, out int count, int maxDepth = OptionDefaults.MaxJsonDepth) =>
        TryReadArray(payload, nameFirst: false, maxDepth, out _, out _, out bounds, out count) ? SocketIOParseError.None : SocketIOParseError.BadPayload;

    /// <summary>The event name from its raw string token (as <see cref="TryReadEvent"/> found it), unescaped when it has escapes.</summary>
    public static string DecodeName(ReadOnlySpan<byte> rawToken, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(rawToken);
        }

        // The reader unescapes only a whole string token, so the quotes go back around the raw text.
        var quoted = PooledArray<byte>.Rent(rawToken.Length + 2);
        try
        {
            var json = quoted.Array.AsSpan(0, rawToken.Length + 2);
            json[0] = (byte)'"';
            rawToken.CopyTo(json[1..]);
            json[^1] = (byte)'"';
            var reader = new Utf8JsonReader(json);
            reader.Read();
            return reader.GetString() ?? string.Empty;
        }
        finally
        {
            quoted.Dispose();
        }
    }

    /// <summary>The socket id of a CONNECT answer <c>{"sid":"…"}</c> (a packet only a server sends); null when it has none.</summary>
    public static string? ReadConnectSid(ReadOnlySpan<byte> payload) => ReadStringProperty(payload, "sid"u8);

    /// <summary>The message of a CONNECT_ERROR <c>{"message":"…"}</c>; null when it has none.</summary>
    public static string? ReadConnectErrorMessage(ReadOnlySpan<byte> payload) => ReadStringProperty(payload, "message"u8);

    /// <summary>
    /// Reads a JSON array of elements, the first of which is a string name when <paramref name="nameFirst"/>;
    /// false, with nothing rented, when the payload is anything else (nested deeper than <paramref name="maxDepth"/> included).
    /// </summary>
    private static bool TryReadArray(ReadOnlySpan<byte> payload, bool nameFirst, int maxDepth, out Range name, out bool nameEscaped, out PooledArray<int> bounds, out int count)
    {
        name = default;
        nameEscaped = false;
        bounds = default;
        count = 0;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            if (nameFirst)
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var nameStart = (int)reader.TokenStartIndex + 1;
                name = new Range(nameStart, nameStart + reader.ValueSpan.Length);
                nameEscaped = reader.ValueIsEscaped;

                // A name whose escapes are not valid UTF-16 (a lone surrogate) has no .NET string to dispatch on:
                // refused here, as a bad payload, rather than failing later where the name is decoded.
                if (nameEscaped && JsonStrings.TryGetString(ref reader) is null)
                {
                    return false;
                }
            }

            if (ReadElements(ref reader, out bounds, out count))
            {
                return true;
            }
        }
        catch (JsonException)
        {
            // Malformed JSON anywhere in the array: the same answer as a wrong shape.
        }

        bounds.Dispose();
        count = 0;
        return false;
    }

    private static bool ReadElements(ref Utf8JsonReader reader, out PooledArray<int> bounds, out int count)
    {
        bounds = default;
        count = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                // Nothing may follow the array; Read throws on anything but trailing whitespace.
                return !reader.Read();
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;

            if (bounds.IsEmpty || bounds.Array.Length < (count + 1) * 2)
            {
                var larger = PooledArray<int>.Rent(Math.Max(8, (count + 1) * 4));
                if (!bounds.IsEmpty)
                {
                    bounds.Array.AsSpan(0, count * 2).CopyTo(larger.Array);
                    bounds.Dispose();
                }

                bounds = larger;
            }

            bounds.Array[count * 2] = start;
            bounds.Array[(count * 2) + 1] = end - start;
            count++;
        }

        return false;
    }

    private static SocketIOParseError ValidatePayload(SocketIOPacketType type, long ackId, ReadOnlySpan<byte> payload, int maxDepth)
    {
        switch (type)
        {
            case SocketIOPacketType.Connect:
                return payload.IsEmpty || IsJsonObject(payload, maxDepth) ? SocketIOParseError.None : SocketIOParseError.BadPayload;
            case SocketIOPacketType.Disconnect:
                return payload.IsEmpty ? SocketIOParseError.None : SocketIOParseError.BadPayload;
            case SocketIOPacketType.ConnectError:
                return payload.IsEmpty ? SocketIOParseError.BadPayload : SocketIOParseError.None;
            case SocketIOPacketType.Event:
            case SocketIOPacketType.BinaryEvent:
                return payload.IsEmpty || payload[0] != '[' ? SocketIOParseError.BadEventPayload : SocketIOParseError.None;
            default:
                if (ackId < 0)
                {
                    return SocketIOParseError.BadAckId;
                }

                return payload.IsEmpty || payload[0] != '[' ? SocketIOParseError.BadPayload : SocketIOParseError.None;
        }
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? ReadStringProperty(ReadOnlySpan<byte> json, ReadOnlySpan<byte> property)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // A payload that is not JSON, or a value whose escapes are not valid UTF-16, names nothing.
        }

        return null;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
