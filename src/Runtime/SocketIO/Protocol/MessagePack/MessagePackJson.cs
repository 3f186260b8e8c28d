using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// Converts between the two encodings of a socket.io value: JSON with binary attachments (the default parser, and
/// how TypedSockets holds every argument) and MessagePack (notepack.io: the Redis adapter, the emitter, the msgpack
/// parser). Binary data is a <c>bin</c> value in MessagePack and a <c>{"_placeholder":true,"num":n}</c> object that
/// points into the attachments in JSON, exactly as socket.io's own parsers place it.
/// </summary>
internal static class MessagePackJson
{
    /// <summary>Writes the next MessagePack value as JSON; each bin value becomes a placeholder and is added to <paramref name="attachments"/>.</summary>
    /// <exception cref="MessagePackException">The value is malformed, too deep, or holds a key that is neither a string nor a number.</exception>
    public static void ToJson(ref MessagePackReader reader, Utf8JsonWriter json, List<byte[]> attachments) => ToJson(ref reader, json, attachments, 0);

    /// <summary>
    /// Writes the JSON value <paramref name="json"/> is positioned on as MessagePack; placeholders are replaced by their
    /// attachment as a bin value. The reader ends on the value's last token.
    /// </summary>
    /// <exception cref="MessagePackException">A placeholder points past the attachments.</exception>
    public static void FromJson(ref Utf8JsonReader json, MessagePackWriter writer, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.Null:
            case JsonTokenType.None:
                writer.WriteNil();
                break;
            case JsonTokenType.True:
                writer.WriteBoolean(true);
                break;
            case JsonTokenType.False:
                writer.WriteBoolean(false);
                break;
            case JsonTokenType.Number:
                if (json.TryGetInt64(out var integer))
                {
                    writer.WriteInt64(integer);
                }
                else
                {
                    writer.WriteNumber(json.GetDouble());
                }

                break;
            case JsonTokenType.String:
                WriteJsonString(ref json, writer);
                break;
            case JsonTokenType.StartArray:
            {
                writer.WriteArrayHeader(CountChildren(json));
                json.Read();
                while (json.TokenType != JsonTokenType.EndArray)
                {
                    FromJson(ref json, writer, attachments);
                    json.Read();
                }

                break;
            }

            case JsonTokenType.StartObject:
            {
                if (TryReadPlaceholder(json, out var num))
                {
                    if ((uint)num >= (uint)attachments.Length)
                    {
                        throw new MessagePackException("A binary placeholder points past the attachments.");
                    }

                    writer.WriteBinary(attachments[num].Span);
                    json.Skip();
                    break;
                }

                writer.WriteMapHeader(CountChildren(json));
                json.Read();
                while (json.TokenType != JsonTokenType.EndObject)
                {
                    WriteJsonString(ref json, writer);
                    json.Read();
                    FromJson(ref json, writer, attachments);
                    json.Read();
                }

                break;
            }

            default:
                throw new MessagePackException("Unexpected JSON token " + json.TokenType + ".");
        }
    }

    /// <summary>Converts a whole JSON value (for example one event argument) to MessagePack.</summary>
    public static void FromJson(ReadOnlySpan<byte> value, MessagePackWriter writer, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        if (value.IsEmpty)
        {
            writer.WriteNil();
            return;
        }

        var json = new Utf8JsonReader(value);
        json.Read();
        FromJson(ref json, writer, attachments);
    }

    private static void ToJson(ref MessagePackReader reader, Utf8JsonWriter json, List<byte[]> attachments, int depth)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.TryReadNil();
                json.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                json.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextIsLargeUnsigned)
                {
                    json.WriteNumberValue(reader.ReadDouble());
                }
                else
                {
                    json.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                var value = reader.ReadDouble();
                // JSON.stringify writes NaN and the infinities as null.
                if (double.IsFinite(value))
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
            case MessagePackType.String:
                json.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                var bytes = reader.ReadBinary();
                json.WriteStartObject();
                json.WriteBoolean("_placeholder"u8, true);
                json.WriteNumber("num"u8, attachments.Count);
                json.WriteEndObject();
                attachments.Add(bytes.ToArray());
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, json);
                break;
            case MessagePackType.Array:
                reader.EnterNested(depth);
                var count = reader.ReadArrayHeader();
                json.WriteStartArray();
                for (var i = 0; i < count; i++)
                {
                    ToJson(ref reader, json, attachments, depth + 1);
                }

                json.WriteEndArray();
                break;
            case MessagePackType.Map:
                reader.EnterNested(depth);
                var entries = reader.ReadMapHeader();
                json.WriteStartObject();
                for (var i = 0; i < entries; i++)
                {
                    json.WritePropertyName(ReadKey(ref reader));
                    ToJson(ref reader, json, attachments, depth + 1);
                }

                json.WriteEndObject();
                break;
        }
    }

    /// <summary>A map key as JavaScript sees it: a string, or a number turned into its text.</summary>
    public static string ReadKey(ref MessagePackReader reader) => reader.PeekType() switch
    {
        MessagePackType.String => reader.ReadString(),
        MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
        _ => throw new MessagePackException("A map key is neither a string nor an integer."),
    };

    /// <summary>Timestamps become the ISO text JSON.stringify gives a Date; notepack's undefined and other extensions become null.</summary>
    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter json)
    {
        var data = reader.ReadExtension(out var type);
        if (type == -1 && TryReadTimestamp(data, out var time))
        {
            json.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            return;
        }

        json.WriteNullValue();
    }

    private static bool TryReadTimestamp(ReadOnlySpan<byte> data, out DateTimeOffset time)
    {
        time = default;
        long seconds;
        long nanoseconds;
        switch (data.Length)
        {
            case 4:
                seconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data);
                nanoseconds = 0;
                break;
            case 8:
                var packed = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(data);
                nanoseconds = (long)(packed >> 34);
                seconds = (long)(packed & 0x3_ffff_ffffUL);
                break;
            case 12:
                nanoseconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data);
                seconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(data[4..]);
                break;
            default:
                return false;
        }

        if (seconds < -62_135_596_800 || seconds > 253_402_300_799 || nanoseconds >= 1_000_000_000)
        {
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
        return true;
    }

    private static void WriteJsonString(ref Utf8JsonReader json, MessagePackWriter writer)
    {
        if (!json.ValueIsEscaped)
        {
            writer.WriteString(json.ValueSpan);
            return;
        }

        var length = json.ValueSpan.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = json.CopyString(rented);
            writer.WriteString(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The elements of the array or the properties of the object <paramref name="json"/> starts (a copy is read, the caller's reader stays).</summary>
    private static int CountChildren(Utf8JsonReader json)
    {
        var count = 0;
        json.Read();
        while (json.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
        {
            count++;
            json.Skip();
            json.Read();
        }

        return count;
    }

    /// <summary>True for exactly <c>{"_placeholder":true,"num":n}</c> (in either order).</summary>
    private static bool TryReadPlaceholder(Utf8JsonReader json, out int num)
    {
        num = -1;
        var flagged = false;
        var properties = 0;
        json.Read();
        while (json.TokenType == JsonTokenType.PropertyName)
        {
            properties++;
            if (json.ValueTextEquals("_placeholder"u8))
            {
                json.Read();
                flagged = json.TokenType == JsonTokenType.True;
            }
            else if (json.ValueTextEquals("num"u8))
            {
                json.Read();
                if (json.TokenType != JsonTokenType.Number || !json.TryGetInt32(out num))
                {
                    return false;
                }
            }
            else
            {
                return false;
            }

            json.Read();
        }

        return flagged && properties == 2 && num >= 0;
    }
}
