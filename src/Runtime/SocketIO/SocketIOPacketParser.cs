using System.Buffers;
using System.Text.Json;

namespace TypedSockets.SocketIO;

/// <summary>
/// Parses the text of Socket.IO packets (the Engine.IO message payload after its <c>4</c>). Everything is
/// offsets into the caller's bytes: the event name and each argument stay raw JSON spans.
/// </summary>
internal static class SocketIOPacketParser
{
    /// <summary>socket.io's default limit on attachments per packet.</summary>
    public const int DefaultMaxAttachments = 10;

    // 2^53: the largest integer a JavaScript peer keeps exact, so any longer id is not one it could have sent.
    private const long MaxAckId = 9_007_199_254_740_992;

    /// <summary>Splits <paramref name="packet"/> into its fields and checks the payload's shape for its type.</summary>
    public static SocketIOParseError TryParse(ReadOnlySpan<byte> packet, int maxAttachments, out SocketIOPacketHeader header)
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
        return ValidatePayload(type, ackId, packet[i..]);
    }

    /// <summary>
    /// Reads an EVENT payload: a JSON array whose first element is the event name (a string). On success
    /// <paramref name="name"/> is the name's raw string token (between the quotes) and <paramref name="bounds"/>
    /// holds <c>start, length</c> of every later element; return it to <see cref="ArrayPool{T}.Shared"/>.
    /// </summary>
    public static SocketIOParseError TryReadEvent(ReadOnlySpan<byte> payload, out Range name, out bool nameEscaped, out int[]? bounds, out int count) =>
        TryReadArray(payload, nameFirst: true, out name, out nameEscaped, out bounds, out count) ? SocketIOParseError.None : SocketIOParseError.BadEventPayload;

    /// <summary>Reads an ACK payload: a JSON array (possibly empty) of arguments; see <see cref="TryReadEvent"/>.</summary>
    public static SocketIOParseError TryReadAck(ReadOnlySpan<byte> payload, out int[]? bounds, out int count) =>
        TryReadArray(payload, nameFirst: false, out _, out _, out bounds, out count) ? SocketIOParseError.None : SocketIOParseError.BadPayload;

    /// <summary>
    /// Reads a JSON array of elements, the first of which is a string name when <paramref name="nameFirst"/>;
    /// false, with nothing rented, when the payload is anything else.
    /// </summary>
    private static bool TryReadArray(ReadOnlySpan<byte> payload, bool nameFirst, out Range name, out bool nameEscaped, out int[]? bounds, out int count)
    {
        name = default;
        nameEscaped = false;
        bounds = null;
        count = 0;
        var reader = new Utf8JsonReader(payload, isFinalBlock: true, state: default);
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

        ReturnBounds(ref bounds);
        count = 0;
        return false;
    }

    private static bool ReadElements(ref Utf8JsonReader reader, out int[]? bounds, out int count)
    {
        bounds = null;
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

            if (bounds is null || bounds.Length < (count + 1) * 2)
            {
                var larger = ArrayPool<int>.Shared.Rent(Math.Max(8, (count + 1) * 4));
                if (bounds is not null)
                {
                    bounds.AsSpan(0, count * 2).CopyTo(larger);
                    ArrayPool<int>.Shared.Return(bounds);
                }

                bounds = larger;
            }

            bounds[count * 2] = start;
            bounds[(count * 2) + 1] = end - start;
            count++;
        }

        return false;
    }

    private static void ReturnBounds(ref int[]? bounds)
    {
        if (bounds is not null)
        {
            ArrayPool<int>.Shared.Return(bounds);
            bounds = null;
        }
    }

    private static SocketIOParseError ValidatePayload(SocketIOPacketType type, long ackId, ReadOnlySpan<byte> payload)
    {
        switch (type)
        {
            case SocketIOPacketType.Connect:
                return payload.IsEmpty || IsJsonObject(payload) ? SocketIOParseError.None : SocketIOParseError.BadPayload;
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

    private static bool IsJsonObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
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

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
