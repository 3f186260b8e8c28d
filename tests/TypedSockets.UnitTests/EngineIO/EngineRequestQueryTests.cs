using Microsoft.AspNetCore.Http;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// The HTTP endpoint reads Engine.IO's query parameters without <see cref="HttpRequest.Query"/> (whose dictionary a
/// WebSocket's request would keep for as long as it is open): every query must read exactly as ASP.NET Core's own
/// parser reads it, whether the raw reader takes it or leaves it to that parser.
/// </summary>
public sealed class EngineRequestQueryTests
{
    public static TheoryData<string, bool> Queries => new()
    {
        { "?EIO=4&transport=websocket", true },
        { "?EIO=4&transport=polling&t=PxYz-9_a", true },
        { "?EIO=4&transport=polling&sid=AbC-_123xyz", true },
        { "?eio=4&TRANSPORT=websocket&Sid=abc", true },
        { "?EIO=3&transport=websocket", true },
        { "?EIO=4&transport=carrier-pigeon", true },
        { "?EIO&transport=", true },
        { "?transport=websocket", true },
        { "?EIO=4&&transport=websocket&", true },
        { "?EIO=4&transport=websocket&custom=a=b", true },
        { "", true },
        { "?", true },
        // Repeated Engine.IO names, encodings, white space and other characters are the parser's.
        { "?EIO=4&transport=websocket&transport=websocket", false },
        { "?EIO=4&eio=4&transport=polling", false },
        { "?EIO=4&transport=web%73ocket", false },
        { "?EIO=4&trans%70ort=websocket", false },
        { "?EIO=4&transport=polling&sid=a+b", false },
        { "?EIO=4&%20transport=polling", false },
        { "?EIO=4;transport=polling", false },
        { "?EIO=4&transport=polling&name=caf%C3%A9", false },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Engine_parameters_read_as_HttpRequest_Query_reads_them(string queryString, bool readRaw)
    {
        var expected = new DefaultHttpContext().Request;
        expected.QueryString = new QueryString(queryString);
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(queryString);

        var read = EngineRequestQuery.Read(request);

        Assert.Equal(expected.Query["EIO"], read.Protocol);
        Assert.Equal(expected.Query["transport"], read.Transport);
        Assert.Equal(expected.Query["sid"], read.SessionId);
        Assert.Equal(readRaw, EngineRequestQuery.TryReadPlain(queryString, out _));
    }

    [Fact]
    public void The_values_every_handshake_carries_are_read_without_allocating()
    {
        Assert.True(EngineRequestQuery.TryReadPlain("?EIO=4&transport=websocket", out var warm));
        Assert.Equal("websocket", warm.Transport.ToString());

        var before = GC.GetAllocatedBytesForCurrentThread();
        EngineRequestQuery.TryReadPlain("?EIO=4&transport=websocket", out var read);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Same(EngineQuery.WebSocketTransport, read.Transport.ToString());
        Assert.Same(EngineQuery.ProtocolVersion, read.Protocol.ToString());
    }
}
