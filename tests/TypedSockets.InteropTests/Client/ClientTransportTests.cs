using System.Text;
using TypedSockets.Client;
using TypedSockets.Tests.SocketIO;
using TypedSockets.Testing.Client;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The client's transports: HTTP long-polling alone, polling with the upgrade to WebSocket (socket.io-client's
/// default), and the fallback to polling behind a proxy that refuses WebSockets; against Node socket.io 4.8 and the
/// TypedSockets server.
/// </summary>
public sealed class ClientTransportTests
{
    [Fact]
    public async Task Polling_alone_works_through_a_proxy_that_refuses_websockets()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        await using var proxy = TcpProxy.Start(server.Port, refuseWebSockets: true);
        var ticks = new TickRecorder();
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.Polling;
        await using var client = new SocketIOClient(proxy.Uri, "/", options, ticks.OnEvent);
        await client.ConnectAsync();

        await AssertWorksAsync(client, ticks);
        Assert.Equal("polling", client.Transport);
        Assert.Equal(0, proxy.RefusedUpgrades);
    }

    [Fact]
    public async Task The_default_transports_stay_on_polling_when_the_upgrade_is_refused()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        await using var proxy = TcpProxy.Start(server.Port, refuseWebSockets: true);
        var ticks = new TickRecorder();
        await using var client = new SocketIOClient(proxy.Uri, "/", NodeRecoveryServer.Options(), ticks.OnEvent);
        await client.ConnectAsync();

        await Poll.UntilAsync(() => proxy.RefusedUpgrades == 1, "the probe's WebSocket refused by the proxy");
        await AssertWorksAsync(client, ticks);
        Assert.Equal("polling", client.Transport);
    }

    [Fact]
    public async Task The_default_transports_upgrade_to_websocket_when_the_server_allows_it()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        var ticks = new TickRecorder();
        await using var client = new SocketIOClient(server.Uri, "/", NodeRecoveryServer.Options(), ticks.OnEvent);
        await client.ConnectAsync();

        await Poll.UntilAsync(() => client.Transport == "websocket", "the upgrade to websocket");
        await AssertWorksAsync(client, ticks);
    }

    [Theory]
    [InlineData(SocketIOTransports.Polling, "polling")]
    [InlineData(SocketIOTransports.PollingThenWebSocket, "websocket")]
    public async Task Polling_and_the_upgrade_work_against_the_TypedSockets_server(SocketIOTransports transports, string finalTransport)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var options = NodeRecoveryServer.Options();
        options.Transports = transports;
        await AssertWorksAgainstAsync(host, options, finalTransport);
    }

    /// <summary>
    /// Against <see cref="SocketIOTestHost"/>: two binary arguments answered in the other order around a string (over
    /// polling as base64 "b" packets), and a server call with an ack the client answers, then an event back.
    /// </summary>
    internal static async Task AssertWorksAgainstAsync(SocketIOTestHost host, SocketIOClientOptions options, string finalTransport)
    {
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new SocketIOClient(new Uri(host.BaseUrl), "/", options, incoming =>
        {
            if (incoming.Name == "question")
            {
                incoming.Ack(0, static (w, _) => w.Json.WriteStringValue("because"));
            }
            else if (incoming.Name == "answer")
            {
                answer.TrySetResult(Encoding.UTF8.GetString(incoming.Arguments[0].Span));
            }

            return ValueTask.CompletedTask;
        });
        await client.ConnectAsync();
        await Poll.UntilAsync(() => client.Transport == finalTransport, $"the {finalTransport} transport");

        var ack = await client.EmitWithAckAsync("binaries", 0, static (w, _) =>
        {
            w.WriteBinary(new byte[] { 1, 2 });
            w.WriteBinary(new byte[] { 3 });
        });
        Assert.Equal(3, ack.Count);
        Assert.Equal(2, ack.AttachmentCount);
        Assert.True(ack.TryGetBinary(0, out var first));
        Assert.Equal([3], first.ToArray());
        Assert.Equal("\"between\"", Encoding.UTF8.GetString(ack[1].Span));
        Assert.True(ack.TryGetBinary(2, out var last));
        Assert.Equal([1, 2], last.ToArray());

        await client.EmitAsync("ask", 0, static (_, _) => { });
        Assert.Equal("\"because\"", await answer.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(finalTransport, client.Transport);
        Assert.False(host.Logs.Contains("protocol error"), "the server logged a protocol error");
    }

    /// <summary>An acknowledged call, binary in both directions, and events from the server (ticks to a room) arrive.</summary>
    internal static async Task AssertWorksAsync(SocketIOClient client, TickRecorder ticks)
    {
        Assert.Equal("\"ping\"", Encoding.UTF8.GetString((await NodeRecoveryServer.Emit(client, "echo", "ping"))[0].Span));
        var binary = await client.EmitWithAckAsync("echo", 0, static (w, _) => w.WriteBinary(new byte[] { 0, 1, 0xfe, 0xff }));
        Assert.True(binary.TryGetBinary(0, out var bytes));
        Assert.Equal([0, 1, 0xfe, 0xff], bytes.ToArray());
        await NodeRecoveryServer.Emit(client, "join", "room");
        await NodeRecoveryServer.Burst(client, "burst", "room", 1, 3);
        await ticks.UntilTicks(3);
        Assert.Equal([1, 2, 3], ticks.Ticks);
    }
}
