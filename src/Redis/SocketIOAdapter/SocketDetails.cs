using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>
/// This node's sockets as a Node server's <c>fetchSockets()</c> builds its remote sockets from them:
/// <c>{id, handshake, rooms, data}</c>, the handshake with socket.io's fields.
/// </summary>
internal static class SocketDetails
{
    public static void WriteSockets(Utf8JsonWriter json, Namespace nsp, string[] rooms, string[] exceptRooms)
    {
        json.WriteStartArray("sockets"u8);
        foreach (var socket in nsp.GetLocalSockets())
        {
            if (!InAny(socket, rooms, whenNone: true) || InAny(socket, exceptRooms, whenNone: false))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("id"u8, socket.Id);
            WriteHandshake(json, socket);
            json.WriteStartArray("rooms"u8);
            json.WriteStringValue(socket.Id);
            foreach (var room in socket.Rooms)
            {
                if (room != socket.Id)
                {
                    json.WriteStringValue(room);
                }
            }

            json.WriteEndArray();
            json.WriteStartObject("data"u8);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteHandshake(Utf8JsonWriter json, Socket socket)
    {
        var handshake = socket.Handshake;
        var now = DateTimeOffset.UtcNow;
        json.WriteStartObject("handshake"u8);
        json.WriteStartObject("headers"u8);
        foreach (var header in handshake.Headers)
        {
            json.WriteString(header.Key.ToLowerInvariant(), header.Value.ToString());
        }

        json.WriteEndObject();
        json.WriteString("time"u8, now.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("address"u8, handshake.RemoteAddress?.ToString() ?? string.Empty);
        json.WriteBoolean("xdomain"u8, handshake.Headers.ContainsKey("Origin"));
        json.WriteBoolean("secure"u8, false);
        json.WriteNumber("issued"u8, now.ToUnixTimeMilliseconds());
        json.WriteString("url"u8, handshake.Path);
        json.WriteStartObject("query"u8);
        foreach (var parameter in handshake.Query)
        {
            json.WriteString(parameter.Key, parameter.Value.ToString());
        }

        json.WriteEndObject();
        json.WritePropertyName("auth"u8);
        if (socket.Auth.IsEmpty)
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
        else
        {
            json.WriteRawValue(socket.Auth.Span);
        }

        json.WriteEndObject();
    }

    private static bool InAny(Socket socket, string[] rooms, bool whenNone)
    {
        if (rooms.Length == 0)
        {
            return whenNone;
        }

        var joined = socket.Rooms;
        foreach (var room in rooms)
        {
            if (room == socket.Id || joined.Contains(room))
            {
                return true;
            }
        }

        return false;
    }
}
