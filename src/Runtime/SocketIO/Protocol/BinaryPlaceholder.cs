using System.Text.Json;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>The <c>{"_placeholder":true,"num":n}</c> object that stands for binary attachment n in a packet's JSON.</summary>
internal static class BinaryPlaceholder
{
    /// <summary>Writes the placeholder for attachment <paramref name="num"/>.</summary>
    public static void Write(Utf8JsonWriter writer, int num)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, num);
        writer.WriteEndObject();
    }

    /// <summary>Reads a placeholder object at the reader's next token; false for any other value.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out int num)
    {
        num = -1;
        var isPlaceholder = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (JsonStrings.ValueTextEquals(ref reader, "_placeholder"u8))
                {
                    reader.Read();
                    isPlaceholder = reader.TokenType == JsonTokenType.True;
                }
                else if (JsonStrings.ValueTextEquals(ref reader, "num"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out num))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return isPlaceholder && num >= 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
