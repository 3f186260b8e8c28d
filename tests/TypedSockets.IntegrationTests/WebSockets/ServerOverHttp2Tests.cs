using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// What only HTTP/2 has (RFC 8441): WebSockets that share one connection, each on a stream of its own, and the
/// extended CONNECT's own refusals. The behaviour both versions share is in <see cref="ServerWithClientWebSocketTests"/>.
/// </summary>
public sealed class ServerOverHttp2Tests(EchoHost host) : IClassFixture<EchoHost>
{
    [Fact]
    public async Task WebSockets_sharing_one_http2_connection_each_get_only_their_own_frames()
    {
        // Every stream of the connection arrives on the same socket: a server that read the connection instead of its
        // stream would see the other streams' frames (and HTTP/2's own framing) as WebSocket bytes.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var invoker = Http2WebSockets.CreateInvoker();
        var clients = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                clients.Add(await Http2WebSockets.ConnectAsync(host.Http2WebSocketUri("/echo"), invoker, timeout.Token));
            }

            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < clients.Count; i++)
                {
                    await clients[i].SendAsync(Encoding.UTF8.GetBytes($"socket {i} round {round}"), WebSocketMessageType.Text, true, timeout.Token);
                }

                for (var i = clients.Count - 1; i >= 0; i--)
                {
                    var (_, payload) = await ReceiveMessageAsync(clients[i], timeout.Token);
                    Assert.Equal($"socket {i} round {round}", Encoding.UTF8.GetString(payload));
                }
            }

            // One socket's close leaves the others open on the shared connection.
            await clients[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            await clients[1].SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
            Assert.Equal("still here", Encoding.UTF8.GetString((await ReceiveMessageAsync(clients[1], timeout.Token)).Payload));
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task A_refused_origin_gets_403_and_no_websocket()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var invoker = Http2WebSockets.CreateInvoker();
        using var client = new ClientWebSocket();
        Http2WebSockets.Require(client.Options);
        client.Options.SetRequestHeader("Origin", "http://evil.example");

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(host.Http2WebSocketUri("/origin"), invoker, timeout.Token));

        Assert.Equal(HttpStatusCode.Forbidden, client.HttpStatusCode);
        using var allowed = await Http2WebSockets.ConnectAsync(host.Http2WebSocketUri("/origin"), invoker, timeout.Token, options => options.SetRequestHeader("Origin", "http://good.example"));
        Assert.Equal(WebSocketState.Open, allowed.State);
    }

    [Fact]
    public async Task An_extended_connect_with_another_websocket_version_gets_426_naming_13()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var invoker = Http2WebSockets.CreateInvoker();
        using var request = Http2WebSockets.CreateExtendedConnect(new Uri($"http://127.0.0.1:{host.Http2Port}/echo"), version: "8");

        using var response = await invoker.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal(["13"], response.Headers.GetValues("Sec-WebSocket-Version"));
    }

    [Fact]
    public async Task A_protocol_error_closes_only_its_own_stream_of_the_shared_connection()
    {
        // An unmasked frame from a client is a protocol error (RFC 6455 §5.1): the server closes that WebSocket with
        // 1002. The other WebSocket on the same HTTP/2 connection goes on.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var invoker = Http2WebSockets.CreateInvoker();
        using var neighbour = await Http2WebSockets.ConnectAsync(host.Http2WebSocketUri("/echo"), invoker, timeout.Token);
        using var request = Http2WebSockets.CreateExtendedConnect(new Uri($"http://127.0.0.1:{host.Http2Port}/echo"), version: "13");
        using var response = await invoker.SendAsync(request, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The stream of an extended CONNECT carries both directions.
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        await stream.WriteAsync(new byte[] { 0x81, 0x02, (byte)'h', (byte)'i' }, timeout.Token);
        await stream.FlushAsync(timeout.Token);
        var reply = new byte[4];
        await stream.ReadExactlyAsync(reply, timeout.Token);

        // A close frame (FIN, opcode 8), two bytes of payload: 1002.
        Assert.Equal(new byte[] { 0x88, 0x02, 0x03, 0xEA }, reply);
        await neighbour.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Equal("still here", Encoding.UTF8.GetString((await ReceiveMessageAsync(neighbour, timeout.Token)).Payload));
    }

    private static Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(ClientWebSocket client, CancellationToken cancellationToken) =>
        ServerWithClientWebSocketTests.ReceiveMessageAsync(client, cancellationToken);
}
