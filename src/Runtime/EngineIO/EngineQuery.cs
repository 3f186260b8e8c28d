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
    public static bool IsWebSocketHandshake(ReadOnlySpan<byte> query) =>
        IsWebSocketRequest(query, out var sessionId) && sessionId.Equals(default(Range));

    /// <summary>
    /// True for a raw query (after the <c>?</c>) of a WebSocket request the host's fast path may take: <c>EIO=4</c>
    /// and <c>transport=websocket</c>, each once, and either no <c>sid</c> (a new session; <paramref name="sessionId"/>
    /// is <c>default</c>) or one plain non-empty <c>sid</c> (the upgrade of that polling session;
    /// <paramref name="sessionId"/> is its range in <paramref name="query"/>). Anything that would need decoding (a
    /// <c>%</c> or <c>+</c> in a name or in the sid), an empty or repeated sid, is left to the HTTP server.
    /// </summary>
    public static bool IsWebSocketRequest(ReadOnlySpan<byte> query, out Range sessionId)
    {
        sessionId = default;
        var protocol = 0;
        var transport = 0;
        var sessionIds = 0;
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

            // Names in any case, values exact, as the HTTP endpoint reads them (EngineRequestQuery).
            if (Ascii.EqualsIgnoreCase(name, Protocol))
            {
                protocol += Ascii.Equals(value, ProtocolVersion) ? 1 : 2;
            }
            else if (Ascii.EqualsIgnoreCase(name, Transport))
            {
                transport += Ascii.Equals(value, WebSocketTransport) ? 1 : 2;
            }
            else if (Ascii.EqualsIgnoreCase(name, SessionId))
            {
                // Ids are URL-safe base64: anything else (encoded, empty) is the HTTP endpoint's to judge.
                if (value.IsEmpty || value.ContainsAnyExcept(SessionIdCharacters) || ++sessionIds > 1)
                {
                    return false;
                }

                var (start, _) = range.GetOffsetAndLength(query.Length);
                sessionId = (start + equals + 1)..(start + pair.Length);
            }
        }

        return protocol == 1 && transport == 1;
    }

    private static readonly System.Buffers.SearchValues<byte> SessionIdCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);
}
