using System.Globalization;
using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.AdminUI;

/// <summary>The JSON shapes of the admin protocol that describe sockets and times, as socket.io's admin server writes them.</summary>
internal static class AdminUIJson
{
    /// <summary>A JavaScript <c>Date</c> as JSON: an ISO 8601 string in UTC with milliseconds.</summary>
    internal static void WriteDate(Utf8JsonWriter json, DateTimeOffset time) =>
        json.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>
    /// One socket as the page lists it: <c>{id, clientId, transport, nsp, data, handshake, rooms}</c>; clientId is the first
    /// 12 characters of the Engine.IO session id (the page groups a client's sockets by it).
    /// </summary>
    internal static void WriteSocket(Utf8JsonWriter json, Socket socket, DateTimeOffset connectedAt)
    {
        json.WriteStartObject();
        json.WriteString("id", socket.Id);
        json.WriteString("clientId", ClientId(socket));
        json.WriteString("transport", socket.Transport);
        json.WriteString("nsp", socket.Namespace.Name);
        json.WriteStartObject("data");
        json.WriteEndObject();
        WriteHandshake(json, socket, connectedAt);
        json.WriteStartArray("rooms");
        foreach (var room in socket.Rooms)
        {
            json.WriteStringValue(room);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static string ClientId(Socket socket) => socket.SessionId.Length > 12 ? socket.SessionId[..12] : socket.SessionId;

    private static void WriteHandshake(Utf8JsonWriter json, Socket socket, DateTimeOffset connectedAt)
    {
        var handshake = socket.Handshake;
        var headers = handshake.Headers;
        json.WriteStartObject("handshake");
        // As socket.io's admin server: the proxy's client address first, then the peer's.
        var address = headers["cf-connecting-ip"].ToString();
        if (address.Length == 0)
        {
            address = headers["x-forwarded-for"].ToString();
        }

        if (address.Length == 0)
        {
            address = handshake.RemoteAddress?.ToString() ?? string.Empty;
        }

        json.WriteString("address", address);
        json.WriteStartObject("headers");
        foreach (var header in headers)
        {
            json.WriteString(header.Key.ToLowerInvariant(), header.Value.ToString());
        }

        json.WriteEndObject();
        json.WriteStartObject("query");
        foreach (var pair in handshake.Query)
        {
            json.WriteString(pair.Key, pair.Value.ToString());
        }

        json.WriteEndObject();
        json.WriteNumber("issued", connectedAt.ToUnixTimeMilliseconds());
        json.WriteBoolean("secure", string.Equals(headers["x-forwarded-proto"].ToString(), "https", StringComparison.OrdinalIgnoreCase));
        json.WriteString("time", connectedAt.UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
        json.WriteString("url", handshake.Path + QueryString(handshake));
        json.WriteBoolean("xdomain", headers.Origin.Count > 0);
        json.WriteEndObject();
    }

    private static string QueryString(TypedSockets.EngineIO.EngineHandshake handshake)
    {
        if (handshake.Query.Count == 0)
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder("?");
        foreach (var pair in handshake.Query)
        {
            if (builder.Length > 1)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value.ToString()));
        }

        return builder.ToString();
    }
}
