using System.Text;

namespace TypedSockets.EngineIO;

/// <summary>
/// Engine.IO's query parameters (<c>EIO</c>, <c>transport</c>, <c>sid</c>), read from a parsed query by the HTTP
/// endpoint and from the raw request target by the host's fast path, by the same names and values.
/// </summary>
internal static class EngineQuery
{
    public const string Protocol = "EIO";
    public const string ProtocolVersion = "4";
    public const string Transport = "transport";
    public const string SessionId = "sid";
    public const string PollingTransport = "polling";
    public const string WebSocketTransport = "websocket";

    /// <summary>
    /// True for a raw query (after the <c>?</c>) that opens a new WebSocket session: <c>EIO=4</c> and
    /// <c>transport=websocket</c>, each once, and no <c>sid</c>. A name that is percent- or plus-encoded could
    /// decode to one of these, so such a query is left to the HTTP server, which decodes it.
    /// </summary>
    public static bool IsWebSocketHandshake(ReadOnlySpan<byte> query)
    {
        var protocol = 0;
        var transport = 0;
        foreach (var range in query.Split((byte)'&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? default : pair[(equals + 1)..];
            if (name.IndexOfAny("%+"u8) >= 0)
            {
                return false;
            }

            if (Ascii.Equals(name, Protocol))
            {
                protocol += Ascii.Equals(value, ProtocolVersion) ? 1 : 2;
            }
            else if (Ascii.Equals(name, Transport))
            {
                transport += Ascii.Equals(value, WebSocketTransport) ? 1 : 2;
            }
            else if (Ascii.Equals(name, SessionId))
            {
                return false;
            }
        }

        return protocol == 1 && transport == 1;
    }
}
