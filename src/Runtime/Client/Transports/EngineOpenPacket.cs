using System.Text.Json;
using TypedSockets.EngineIO;

namespace TypedSockets.Client.Transports;

/// <summary>
/// The server's Engine.IO open packet (<c>0{"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}</c>),
/// read defensively: whatever a hostile server sends, the result is a value or a <see cref="SocketIOConnectException"/>.
/// <see cref="MaxPayload"/> bounds one polling POST (engine.io-client's rule; 1,000,000 bytes when the server names none).
/// </summary>
internal readonly record struct EngineOpenPacket(string Sid, bool CanUpgradeToWebSocket, TimeSpan HeartbeatTimeout, long MaxPayload)
{
    /// <summary>Engine.IO's default maxPayload, for a server whose open packet does not name one.</summary>
    public const long DefaultMaxPayload = 1_000_000;

    /// <summary>Reads an open packet (type digit first); throws <see cref="SocketIOConnectException"/> naming what is wrong.</summary>
    public static EngineOpenPacket Parse(ReadOnlySpan<byte> packet, string @namespace)
    {
        if (packet.IsEmpty || packet[0] != (byte)EnginePacketType.Open)
        {
            throw Malformed(@namespace, "the first packet is not an Engine.IO open packet");
        }

        string? sid = null;
        var canUpgrade = false;
        long interval = 25_000, timeout = 20_000, maxPayload = DefaultMaxPayload;
        try
        {
            var reader = new Utf8JsonReader(packet[1..]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(@namespace, "the open packet is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Property names are compared as decoded text, which throws on an escape that is not valid UTF-16
                // (a lone surrogate): caught below as malformed input.
                var name = ServerJson.PropertyName(ref reader);
                reader.Read();
                switch (name)
                {
                    case ServerJson.Property.Sid when reader.TokenType == JsonTokenType.String:
                        sid = reader.GetString();
                        break;
                    case ServerJson.Property.PingInterval when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value):
                        interval = value;
                        break;
                    case ServerJson.Property.PingTimeout when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value):
                        timeout = value;
                        break;
                    case ServerJson.Property.MaxPayload when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value > 0:
                        maxPayload = value;
                        break;
                    case ServerJson.Property.Upgrades when reader.TokenType == JsonTokenType.StartArray:
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            canUpgrade |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("websocket"u8);
                            reader.Skip();
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            // The rest of the document must still be well formed.
            while (reader.Read())
            {
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw Malformed(@namespace, "the open packet is not valid JSON", exception);
        }

        if (string.IsNullOrEmpty(sid))
        {
            throw Malformed(@namespace, "the open packet has no sid");
        }

        if (interval is <= 0 or > int.MaxValue || timeout is <= 0 or > int.MaxValue)
        {
            throw Malformed(@namespace, "the open packet's pingInterval or pingTimeout is out of range");
        }

        // socket.io-client's rule: a server silent for one ping interval plus the ping timeout is gone.
        return new EngineOpenPacket(sid, canUpgrade, TimeSpan.FromMilliseconds(interval + timeout), maxPayload);
    }

    private static SocketIOConnectException Malformed(string @namespace, string detail, Exception? inner = null) =>
        new(@namespace, $"Connecting to namespace '{@namespace}' failed: the server broke the Engine.IO handshake ({detail}).", inner);
}
