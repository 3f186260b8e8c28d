using System.Text.Json;
using TypedSockets.SocketIO;

namespace ProtocolCheck;

/// <summary>
/// Writes received arguments back as they came: JSON as is, and every binary placeholder, at any depth,
/// as the same bytes (so the attachments go out again).
/// </summary>
internal static class ArgumentEcho
{
    public static void Write(ArgumentWriter writer, EventArguments arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var json = arguments[i].Span;
            if (arguments.AttachmentCount == 0)
            {
                writer.WriteJson(json);
                continue;
            }

            var reader = new Utf8JsonReader(json);
            WriteValue(writer, arguments, json, ref reader);
        }
    }

    // The reader is just before a value; on return it is on that value's last token.
    private static void WriteValue(ArgumentWriter writer, EventArguments arguments, ReadOnlySpan<byte> source, ref Utf8JsonReader reader)
    {
        var probe = reader;
        if (arguments.TryReadBinary(ref probe, out var bytes))
        {
            writer.WriteBinary(bytes);
            reader.Read();
            reader.Skip();
            return;
        }

        reader.Read();
        var json = writer.Json;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                json.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    json.WritePropertyName(reader.GetString()!);
                    WriteValue(writer, arguments, source, ref reader);
                }

                json.WriteEndObject();
                return;
            case JsonTokenType.StartArray:
                json.WriteStartArray();
                while (true)
                {
                    var peek = reader;
                    if (!peek.Read() || peek.TokenType == JsonTokenType.EndArray)
                    {
                        reader.Read();
                        break;
                    }

                    WriteValue(writer, arguments, source, ref reader);
                }

                json.WriteEndArray();
                return;
            default:
                var start = (int)reader.TokenStartIndex;
                json.WriteRawValue(source[start..(int)reader.BytesConsumed]);
                return;
        }
    }
}
