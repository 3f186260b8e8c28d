using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace TypedSockets.SocketIO;

/// <summary>
/// A kept session as JSON, for a cluster whose other nodes may take it back:
/// <c>{"sid":"…","rooms":[…],"offset":17,"node":"…","items":{…}}</c>. <c>Items</c> cross nodes as JSON values: strings, numbers,
/// booleans and nulls (what a socket.io user keeps in <c>socket.data</c> is JSON too); other objects stay on the node
/// that kept them and are left out.
/// </summary>
internal static class RecoverySessionCodec
{
    public static byte[] Encode(string sid, string[] rooms, ConcurrentDictionary<string, object?>? items, long lastOffsetAtConnect, string? node)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sid"u8, sid);
            json.WriteStartArray("rooms"u8);
            foreach (var room in rooms)
            {
                json.WriteStringValue(room);
            }

            json.WriteEndArray();
            json.WriteNumber("offset"u8, lastOffsetAtConnect);
            json.WriteString("node"u8, node);
            if (items is not null)
            {
                json.WriteStartObject("items"u8);
                foreach (var (key, value) in items)
                {
                    WriteItem(json, key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The session, or null when the bytes are not one (a refusal, never an exception).</summary>
    public static RecoverySession? Decode(string pid, byte[] bytes, long now)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var sid = root.GetProperty("sid").GetString();
            if (sid is null)
            {
                return null;
            }

            var roomsElement = root.GetProperty("rooms");
            var rooms = new string[roomsElement.GetArrayLength()];
            var i = 0;
            foreach (var room in roomsElement.EnumerateArray())
            {
                rooms[i++] = room.GetString() ?? string.Empty;
            }

            ConcurrentDictionary<string, object?>? items = null;
            if (root.TryGetProperty("items", out var itemsElement) && itemsElement.ValueKind == JsonValueKind.Object)
            {
                items = new ConcurrentDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var item in itemsElement.EnumerateObject())
                {
                    items[item.Name] = ReadItem(item.Value);
                }
            }

            var session = new RecoverySession(pid, sid, rooms, items, root.GetProperty("offset").GetInt64(), now)
            {
                Node = root.TryGetProperty("node"u8, out var node) ? node.GetString() : null,
            };
            return session.TryRestore() ? session : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    private static void WriteItem(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case string text:
                json.WriteString(key, text);
                break;
            case bool flag:
                json.WriteBoolean(key, flag);
                break;
            case int number:
                json.WriteNumber(key, number);
                break;
            case long number:
                json.WriteNumber(key, number);
                break;
            case double number:
                json.WriteNumber(key, number);
                break;
            case JsonElement element:
                json.WritePropertyName(key);
                element.WriteTo(json);
                break;
        }
    }

    private static object? ReadItem(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.Clone(),
    };
}
