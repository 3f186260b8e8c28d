using System.Net;
using System.Net.WebSockets;
using System.Text.Json;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Shutdown_flushes_what_is_queued_closes_every_session_and_refuses_new_ones()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var webSocket = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var open = await webSocket.ReceiveTextAsync();
        using var handshake = JsonDocument.Parse(open.AsMemory(1));
        var webSocketSid = handshake.RootElement.GetProperty("sid").GetString()!;
        var pollingSid = await server.OpenPollingAsync();
        var poll = await server.StartPollAsync(pollingSid);

        // Queued just before the shutdown: it still goes out, then the transport closes (no Socket.IO-level goodbye,
        // so socket.io clients see "transport close" and reconnect, as after socket.io's io.close()).
        RecordingEngineHandler.Send(server.Handler.Get(webSocketSid).Session!, "last words"u8, isBinary: false);
        RecordingEngineHandler.Send(server.Handler.Get(pollingSid).Session!, "last words"u8, isBinary: false);
        var shutdown = server.Server.ShutdownAsync();

        Assert.Equal("4last words", await webSocket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await webSocket.ReceiveCloseAsync());
        Assert.Equal("4last words", await poll);
        Assert.Equal("1", await server.PollAsync(pollingSid));
        Assert.Equal("server shutting down", await server.Handler.Get(webSocketSid).WaitClosedAsync());
        Assert.Equal("server shutting down", await server.Handler.Get(pollingSid).WaitClosedAsync());

        using var refused = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await shutdown.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, server.Server.SessionCount);
    }
}
