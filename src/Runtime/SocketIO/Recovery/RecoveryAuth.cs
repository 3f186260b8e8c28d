using System.Text.Json;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// Reads socket.io-client's recovery data from a CONNECT auth payload: <c>{"pid":"…","offset":"…",…}</c>, where the
/// client adds <c>pid</c> (the private session id of its last CONNECT answer) and <c>offset</c> (the last offset it
/// received, absent when it received none) to its own auth fields.
/// </summary>
internal static class RecoveryAuth
{
    /// <summary>False when the payload carries no string <c>pid</c> (or is not a JSON object); <paramref name="offset"/> may be null.</summary>
    public static bool TryRead(ReadOnlySpan<byte> auth, out string? pid, out string? offset)
    {
        pid = null;
        offset = null;
        try
        {
            var reader = new Utf8JsonReader(auth);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPid = reader.ValueTextEquals("pid"u8);
                var isOffset = !isPid && reader.ValueTextEquals("offset"u8);
                reader.Read();
                if ((isPid || isOffset) && reader.TokenType == JsonTokenType.String)
                {
                    var value = JsonStrings.TryGetString(ref reader);
                    if (isPid)
                    {
                        pid = value;
                    }
                    else
                    {
                        offset = value;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return pid is not null;
    }
}
