using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace TypedSockets.EngineIO;

/// <summary>
/// Engine.IO's three query parameters (<c>EIO</c>, <c>transport</c>, <c>sid</c>) of an HTTP request, with the
/// meaning <see cref="HttpRequest.Query"/> gives them (names in any case, a repeated name has several values).
/// </summary>
/// <remarks>
/// <see cref="HttpRequest.Query"/> parses the query into a dictionary that the request keeps until it ends, and
/// a WebSocket's request lasts as long as its connection: that dictionary, its feature and its strings would be
/// kept by every idle connection on the HTTP endpoint. A plain query (letters, digits, <c>-._~</c>, <c>=</c> and
/// <c>&amp;</c>: what socket.io clients send) is read here straight from the raw string instead; anything that
/// needs decoding or is unusual (a repeated Engine.IO name) is left to <see cref="HttpRequest.Query"/>.
/// </remarks>
internal readonly struct EngineRequestQuery
{
    private EngineRequestQuery(StringValues protocol, StringValues transport, StringValues sessionId)
    {
        Protocol = protocol;
        Transport = transport;
        SessionId = sessionId;
    }

    public StringValues Protocol { get; }

    public StringValues Transport { get; }

    public StringValues SessionId { get; }

    public static EngineRequestQuery Read(HttpRequest request)
    {
        if (TryReadPlain(request.QueryString.Value, out var plain))
        {
            return plain;
        }

        var query = request.Query;
        return new EngineRequestQuery(query[EngineQuery.Protocol], query[EngineQuery.Transport], query[EngineQuery.SessionId]);
    }

    /// <summary>Reads a plain raw query (with its leading <c>?</c>, or empty); false when it has to be decoded.</summary>
    internal static bool TryReadPlain(string? raw, out EngineRequestQuery result)
    {
        result = default;
        var query = raw.AsSpan();
        if (query.StartsWith('?'))
        {
            query = query[1..];
        }

        // Outside the unreserved characters, a name or value may be percent- or plus-encoded (or carry the white
        // space that the HTTP parser trims): the dictionary decodes those.
        if (query.ContainsAnyExcept(PlainCharacters))
        {
            return false;
        }

        Range protocol = default, transport = default, sessionId = default;
        bool hasProtocol = false, hasTransport = false, hasSessionId = false;
        foreach (var range in query.Split('&'))
        {
            var (start, length) = range.GetOffsetAndLength(query.Length);
            var pair = query.Slice(start, length);
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? (start + length)..(start + length) : (start + equals + 1)..(start + length);
            if (!Take(name, EngineQuery.Protocol, value, ref protocol, ref hasProtocol)
                || !Take(name, EngineQuery.Transport, value, ref transport, ref hasTransport)
                || !Take(name, EngineQuery.SessionId, value, ref sessionId, ref hasSessionId))
            {
                return false;
            }
        }

        result = new EngineRequestQuery(Value(query, hasProtocol, protocol), Value(query, hasTransport, transport), Value(query, hasSessionId, sessionId));
        return true;
    }

    /// <summary>Records <paramref name="value"/> when <paramref name="name"/> is <paramref name="expected"/>; false for a second one.</summary>
    private static bool Take(ReadOnlySpan<char> name, string expected, Range value, ref Range taken, ref bool seen)
    {
        if (!name.Equals(expected, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (seen)
        {
            return false;
        }

        seen = true;
        taken = value;
        return true;
    }

    private static StringValues Value(ReadOnlySpan<char> query, bool present, Range range) => present ? new StringValues(Intern(query[range])) : StringValues.Empty;

    // The values every handshake carries come back as the constants, so reading them allocates nothing.
    private static string Intern(ReadOnlySpan<char> value) => value switch
    {
        EngineQuery.ProtocolVersion => EngineQuery.ProtocolVersion,
        EngineQuery.WebSocketTransport => EngineQuery.WebSocketTransport,
        EngineQuery.PollingTransport => EngineQuery.PollingTransport,
        _ => value.ToString(),
    };

    private static readonly System.Buffers.SearchValues<char> PlainCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~=&");
}
