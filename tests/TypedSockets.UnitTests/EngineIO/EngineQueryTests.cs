using System.Text;
using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// The fast path reads a WebSocket request's query off the raw request head: whatever it takes (a new session, or the
/// upgrade of one sid) must mean exactly what the HTTP endpoint would read from <see cref="HttpRequest.Query"/>, and
/// whatever it cannot be sure of is left to the HTTP endpoint.
/// </summary>
public sealed class EngineQueryTests
{
    public static TheoryData<string, bool, string?> Queries => new()
    {
        { "EIO=4&transport=websocket", true, null },
        { "transport=websocket&EIO=4&t=PxYz-9_a", true, null },
        { "EIO=4&transport=websocket&sid=AbC-_123xyz", true, "AbC-_123xyz" },
        { "sid=AbC-_123xyz&EIO=4&transport=websocket", true, "AbC-_123xyz" },
        { "eio=4&TRANSPORT=websocket&Sid=abc", true, "abc" },
        // Names in capitals are the same names: a sid the HTTP endpoint would see is never read as a new session.
        { "EIO=4&transport=websocket&SID=nope", true, "nope" },
        { "EIO=4&transport=websocket&sid=", false, null },
        { "EIO=4&transport=websocket&sid", false, null },
        { "EIO=4&transport=websocket&sid=a&sid=a", false, null },
        { "EIO=4&transport=websocket&sid=a%62c", false, null },
        { "EIO=4&transport=websocket&sid=a+b", false, null },
        { "EIO=4&transport=websocket&s%69d=abc", false, null },
        { "EIO=4&transport=polling&sid=abc", false, null },
        { "EIO=3&transport=websocket&sid=abc", false, null },
        { "EIO=4&EIO=4&transport=websocket", false, null },
        { "EIO=4&transport=WebSocket", false, null },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_websocket_request_is_taken_only_with_the_meaning_the_http_endpoint_gives_it(string query, bool taken, string? sid)
    {
        var bytes = Encoding.ASCII.GetBytes(query);

        Assert.Equal(taken, EngineQuery.IsWebSocketRequest(bytes, out var range));
        Assert.Equal(taken && sid is null, EngineQuery.IsWebSocketHandshake(bytes));
        if (!taken)
        {
            return;
        }

        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString("?" + query);
        Assert.Equal("4", request.Query["EIO"].ToString());
        Assert.Equal("websocket", request.Query["transport"].ToString());
        Assert.Equal(sid ?? string.Empty, request.Query["sid"].ToString());
        Assert.Equal(sid ?? string.Empty, range.Equals(default(Range)) ? string.Empty : Encoding.ASCII.GetString(bytes.AsSpan(range)));
    }
}
