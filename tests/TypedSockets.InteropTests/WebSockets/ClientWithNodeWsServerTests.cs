using System.Text;
using System.Text.Json;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Our client role against an npm <c>ws</c> server run with node.</summary>
public sealed class ClientWithNodeWsServerTests
{
    public static TheoryData<int> CloseCodes => Payloads.CloseCodeData();

    public static TheoryData<int, bool> SizesAndKinds => Payloads.SizesAndKinds();

    [Theory]
    [MemberData(nameof(SizesAndKinds))]
    public async Task Sends_and_receives_every_length_class(int size, bool text)
    {
        await using var node = NodePeer.Start("ws-echo-server.mjs");
        await using var connection = await ConnectAsync(node);
        var payload = Payloads.Create(size, text);
        var kind = text ? WebSocketMessageKind.Text : WebSocketMessageKind.Binary;
        await connection.SendAsync(payload, kind);
        var echo = await ReceiveAsync(connection);
        Assert.Equal(kind, echo.Kind);
        Assert.Equal(payload, echo.Payload.ToArray());
    }

    [Fact]
    public async Task Reassembles_fragments_and_answers_pings_with_their_payload()
    {
        await using var node = NodePeer.Start("ws-echo-server.mjs");
        await using var connection = await ConnectAsync(node);
        await connection.SendAsync("fragment"u8.ToArray(), WebSocketMessageKind.Text);
        Assert.Equal("fragmented!", Text(await ReceiveAsync(connection)));
        await connection.SendAsync("ping:hello there"u8.ToArray(), WebSocketMessageKind.Text);
        Assert.Equal("pong:hello there", Text(await ReceiveAsync(connection)));
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Server_close_is_reported_and_echoed(int code)
    {
        await using var node = NodePeer.Start("ws-echo-server.mjs");
        await using var connection = await ConnectAsync(node);
        await connection.SendAsync(Encoding.UTF8.GetBytes($"close:{code}"), WebSocketMessageKind.Text);
        Assert.Equal(WebSocketMessageKind.Close, (await ReceiveAsync(connection)).Kind);
        Assert.Equal(((WebSocketCloseCode)code, "bye"), (connection.CloseStatus, connection.CloseDescription));
        using var closed = JsonDocument.Parse(await node.ReadLineAsync());
        Assert.Equal(code, closed.RootElement.GetProperty("closed").GetInt32());
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Client_close_reaches_the_server(int code)
    {
        await using var node = NodePeer.Start("ws-echo-server.mjs");
        await using var connection = await ConnectAsync(node);
        await connection.CloseAsync((WebSocketCloseCode)code, "see you");
        using var closed = JsonDocument.Parse(await node.ReadLineAsync());
        Assert.Equal((code, "see you"), (closed.RootElement.GetProperty("closed").GetInt32(), closed.RootElement.GetProperty("reason").GetString()));
        Assert.Equal((WebSocketCloseCode)code, connection.CloseStatus);
        Assert.True(connection.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Keep_alive_pings_the_server()
    {
        await using var node = NodePeer.Start("ws-echo-server.mjs");
        var options = new WebSocketClientOptions { KeepAliveInterval = TimeSpan.FromMilliseconds(100), KeepAliveTimeout = TimeSpan.FromSeconds(2) };
        await using var connection = await ConnectAsync(node, options);
        Assert.Equal("pinged", Text(await ReceiveAsync(connection)));
        Assert.Equal("pinged", Text(await ReceiveAsync(connection)));
    }

    private static async Task<WebSocketConnection> ConnectAsync(NodePeer node, WebSocketClientOptions? options = null)
    {
        var port = await node.ReadLineAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        options ??= new WebSocketClientOptions();
        options.MaxMessageSize = 2 * 1024 * 1024;
        return await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), options, timeout.Token);
    }

    private static async Task<WebSocketMessage> ReceiveAsync(WebSocketConnection connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await connection.ReceiveAsync(timeout.Token);
    }

    private static string Text(WebSocketMessage message)
    {
        Assert.Equal(WebSocketMessageKind.Text, message.Kind);
        return Encoding.UTF8.GetString(message.Payload.Span);
    }
}
