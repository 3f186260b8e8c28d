using System.Buffers;
using System.Text.Json;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>
/// @socket.io/redis-adapter's SERVER_SIDE_EMIT request, <c>{"uid", "requestId"?, "type": 6, "data": [event, arg?]}</c>
/// on the request channel: written by the nodes of this protocol and by the emitter.
/// </summary>
internal static class SocketIOServerSideEmitRequest
{
    /// <summary>The request as UTF-8 JSON; <paramref name="requestId"/> only when the sender waits for acknowledgements.</summary>
    public static byte[] Write(string uid, string eventName, ReadOnlySpan<byte> argumentJson, string? requestId)
    {
        var output = new ArrayBufferWriter<byte>(argumentJson.Length + 96);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("uid"u8, uid);
            if (requestId is not null)
            {
                json.WriteString("requestId"u8, requestId);
            }

            json.WriteNumber("type"u8, (int)SocketIORequestType.ServerSideEmit);
            json.WriteStartArray("data"u8);
            json.WriteStringValue(eventName);
            if (!argumentJson.IsEmpty)
            {
                json.WriteRawValue(argumentJson);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
