using System.Net;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// Engine.IO over HTTP/2: polling requests are plain HTTP/2 requests, and the WebSocket (a new session's, or the
/// upgrade of a polling one) opens with RFC 8441's extended CONNECT, which Kestrel offers on every HTTP/2 connection
/// and browsers use towards a server they already reach over HTTP/2. With the fast path on, HTTP/2 connections go to
/// the HTTP server as before (the fast path only reads HTTP/1.1 request lines).
/// </summary>
public sealed partial class EngineServerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Http2_websocket_session_opens_with_an_extended_connect(bool fastPath)
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: fastPath, endpoint: Http2WebSockets.Http2Only);
        using var invoker = Http2WebSockets.CreateInvoker();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), configure: Http2WebSockets.Require, invoker: invoker);

        var open = await client.ReceiveTextAsync();
        await client.SendTextAsync("4hello €");
        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Equal(HttpStatusCode.OK, client.Socket.HttpStatusCode);
        var sid = EngineOpenPacket.SidOf(open);
        Assert.Equal("4hello €", await client.ReceiveTextAsync());
        Assert.Equal([1, 2, 3], (await client.ReceiveAsync()).Payload);
        Assert.Equal(["open", "text:hello €", "binary:010203"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Http2_polling_session_upgrades_over_an_extended_connect_on_the_same_connection()
    {
        await using var server = await EngineTestServer.StartAsync(endpoint: Http2WebSockets.Http2Only);
        using var http = Http2WebSockets.CreateClient(server.BaseUri);
        using var invoker = Http2WebSockets.CreateInvoker();
        var handshake = await http.GetStringAsync("socket.io/?EIO=4&transport=polling");
        var sid = EngineOpenPacket.SidOf(handshake);
        var session = server.Handler.Get(sid).Session!;
        using (var post = await http.PostAsync(EngineTestServer.Url(sid), new StringContent("4over polling")))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        Assert.Equal("4over polling", await http.GetStringAsync(EngineTestServer.Url(sid)));

        var pendingPoll = http.GetStringAsync(EngineTestServer.Url(sid));
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid), configure: Http2WebSockets.Require, invoker: invoker);
        await client.SendTextAsync("2probe");

        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await pendingPoll.WaitAsync(TimeSpan.FromSeconds(5)));
        RecordingEngineHandler.Send(session, "queued during the upgrade"u8, isBinary: false);
        await client.SendTextAsync("5");
        Assert.Equal("4queued during the upgrade", await client.ReceiveTextAsync());
        await client.SendTextAsync("4over the websocket");
        Assert.Equal("4over the websocket", await client.ReceiveTextAsync());
        Assert.Equal(["open", "text:over polling", "text:over the websocket"], server.Handler.Get(sid).Events);

        // The session left polling behind.
        using var poll = await http.GetAsync(EngineTestServer.Url(sid));
        await AssertErrorAsync(poll, HttpStatusCode.BadRequest, 3, "Bad request");
    }

    [Fact]
    public async Task Http2_stream_reset_by_the_client_ends_its_session_and_not_the_neighbours()
    {
        // A client that drops its WebSocket without a close handshake resets the stream (RST_STREAM): the session ends as
        // a transport error, as when a TCP connection is reset, and another session on the same HTTP/2 connection goes on.
        await using var server = await EngineTestServer.StartAsync(endpoint: Http2WebSockets.Http2Only);
        using var invoker = Http2WebSockets.CreateInvoker();
        using var leaving = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), configure: Http2WebSockets.Require, invoker: invoker);
        using var staying = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), configure: Http2WebSockets.Require, invoker: invoker);
        var sid = EngineOpenPacket.SidOf(await leaving.ReceiveTextAsync());
        await staying.ReceiveTextAsync();

        leaving.Socket.Abort();

        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
        await staying.SendTextAsync("4still here");
        Assert.Equal("4still here", await staying.ReceiveTextAsync());
        Assert.Equal(1, server.Server.SessionCount);
    }

    [Fact]
    public async Task Http2_session_closed_by_the_server_sends_the_close_and_ends_the_stream()
    {
        await using var server = await EngineTestServer.StartAsync(endpoint: Http2WebSockets.Http2Only);
        using var invoker = Http2WebSockets.CreateInvoker();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), configure: Http2WebSockets.Require, invoker: invoker);
        var sid = EngineOpenPacket.SidOf(await client.ReceiveTextAsync());

        server.Handler.Get(sid).Session!.Close("the server is done with it");

        Assert.NotNull(await client.ReceiveCloseAsync());
        Assert.Equal("forced close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(0, server.Server.SessionCount);
    }
}
