using System.Text;
using TypedSockets.Hosting;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>The fast path's parser of a request head: strict, and anything it does not take is left to Kestrel.</summary>
public sealed class FastPathRequestHeadTests
{
    private const string Valid =
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: h:1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://a.test\r\n\r\n";

    [Fact]
    public void A_valid_head_yields_the_target_and_the_handshake_headers()
    {
        var head = Encoding.ASCII.GetBytes(Valid);

        Assert.True(UpgradeRequestHead.TryParse(head, out var request));

        string Text(Range range) => Encoding.ASCII.GetString(head.AsSpan(range));
        Assert.Equal("/socket.io/?EIO=4&transport=websocket", Text(request.Target));
        Assert.Equal("/socket.io/", Text(request.Path));
        Assert.Equal("EIO=4&transport=websocket", Text(request.Query));
        Assert.Equal("h:1", Text(request.Host));
        Assert.Equal("dGhlIHNhbXBsZSBub25jZQ==", Text(request.Key));
        Assert.Equal("13", Text(request.Version));
        Assert.Equal("http://a.test", Text(request.Origin));
        Assert.True(request.HasOrigin);
        Assert.True(WebSocketHandshake.ContainsToken(head.AsSpan(request.Connection), "upgrade"u8));
        Assert.False(WebSocketHandshake.ContainsToken(head.AsSpan(request.Connection), "close"u8));
    }

    [Theory]
    [InlineData("POST /socket.io/", "GET /socket.io/")]
    [InlineData("HTTP/1.0", "HTTP/1.1")]
    [InlineData("Content-Length: 0\r\nHost", "Host")]
    [InlineData("Transfer-Encoding: chunked\r\nHost", "Host")]
    [InlineData("Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Key", "Sec-WebSocket-Key")]
    [InlineData("Host: h:1\r\n folded", "Host: h:1")]
    [InlineData("Host: h\u00e9", "Host: h:1")]
    [InlineData("Bad Name: x\r\nHost", "Host")]
    [InlineData("", "Sec-WebSocket-Version: 13\r\n")]
    [InlineData("Upgrade: websocket\r\n\r\n", "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n")]
    public void Anything_unusual_is_not_taken(string replacement, string original)
    {
        var head = Encoding.Latin1.GetBytes(Valid.Replace(original, replacement, StringComparison.Ordinal));

        Assert.False(UpgradeRequestHead.TryParse(head, out _));
    }
}
