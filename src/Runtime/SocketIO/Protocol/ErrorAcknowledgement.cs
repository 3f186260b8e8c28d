using System.Text.Json;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// How a failed handler answers an acknowledgement, on both sides of the wire: one argument <c>{"error":message}</c>.
/// A typed hub answers so when its method throws, and so does the typed client when a client-result handler throws;
/// each side reads it back as an exception for the caller that waited.
/// </summary>
internal static class ErrorAcknowledgement
{
    /// <summary>Writes the payload of an error acknowledgement: <c>{"error":message}</c>.</summary>
    public static void Write(ArgumentWriter writer, string message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Json.WriteStartObject();
        writer.Json.WriteString("error"u8, message);
        writer.Json.WriteEndObject();
    }

    /// <summary>True when the first argument is an error payload <c>{"error":string}</c>.</summary>
    public static bool TryRead(in EventArguments arguments, out string error)
    {
        error = string.Empty;
        if (arguments.Count == 0)
        {
            return false;
        }

        var reader = arguments.GetReader(0);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? found = null;
        var properties = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            properties++;
            var isError = JsonStrings.ValueTextEquals(ref reader, "error"u8);
            reader.Read();
            if (isError && reader.TokenType == JsonTokenType.String)
            {
                found = JsonStrings.TryGetString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        if (found is null || properties != 1)
        {
            return false;
        }

        error = found;
        return true;
    }
}
