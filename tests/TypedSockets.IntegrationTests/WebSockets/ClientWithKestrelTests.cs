using System.Net.WebSockets;
using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Our client role against ASP.NET Core's built-in WebSocket server.</summary>
public sealed class ClientWithKestrelTests(KestrelEchoHost host) : IClassFixture<KestrelEchoHost>
{
    public static TheoryData<int> CloseCodes => Payloads.CloseCodeData();

    public static TheoryData<int, bool> SizesAndKinds => Payloads.SizesAndKinds();

    [Theory]
    [MemberData(nameof(SizesAndKinds))]
    public async Task Sends_and_receives_every_length_class(int size, bool text)
    {
        await using var connection = await ConnectAsync();
        var payload = Payloads.Create(size, text);
        var kind = text ? WebSocketMessageKind.Text : WebSocketMessageKind.Binary;
        await connection.SendAsync(payload, kind);
        var echo = await ReceiveAsync(connection);
        Assert.Equal(kind, echo.Kind);
        Assert.Equal(payload, echo.Payload.ToArray());
    }

    [Fact]
    public async Task Reassembles_fragmented_messages()
    {
        await using var connection = await ConnectAsync();
        await connection.SendAsync("fragment"u8.ToArray(), WebSocketMessageKind.Text);
        var message = await ReceiveAsync(connection);
        Assert.Equal((WebSocketMessageKind.Text, "fragmented!"), (message.Kind, Encoding.UTF8.GetString(message.Payload.Span)));
    }

    [Fact]
    public async Task Answers_the_servers_keep_alive_pings()
    {
        await using var connection = await ConnectAsync();

        // The server aborts after 1 s without a pong; answering its pings keeps us connected.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2.5));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await connection.ReceiveAsync(timeout.Token));
        await connection.SendAsync("alive"u8.ToArray(), WebSocketMessageKind.Text);
        Assert.Equal("alive", Encoding.UTF8.GetString((await ReceiveAsync(connection)).Payload.Span));
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Server_close_is_reported(int code)
    {
        await using var connection = await ConnectAsync();
        await connection.SendAsync(Encoding.UTF8.GetBytes($"close:{code}"), WebSocketMessageKind.Text);
        Assert.Equal(WebSocketMessageKind.Close, (await ReceiveAsync(connection)).Kind);
        Assert.Equal(((WebSocketCloseCode)code, "bye"), (connection.CloseStatus, connection.CloseDescription));
        Assert.True(connection.Closed.IsCancellationRequested);
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Client_close_is_echoed(int code)
    {
        var connection = await ConnectAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await connection.CloseAsync((WebSocketCloseCode)code, "see you", timeout.Token);
        Assert.Equal((WebSocketCloseCode)code, connection.CloseStatus);
        Assert.Equal(((WebSocketCloseStatus)code, "see you"), host.LastCloseStatus);
        Assert.True(connection.Closed.IsCancellationRequested);
        Assert.Equal(WebSocketMessageKind.Close, (await connection.ReceiveAsync(timeout.Token)).Kind);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Connects_over_TLS_with_wss()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var options = new WebSocketClientOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost" };
        await using var connection = await WebSocketClient.ConnectAsync(new Uri($"wss://localhost:{host.TlsPort}/echo"), options, timeout.Token);
        var payload = Payloads.Create(70_000, text: false);
        await connection.SendAsync(payload, WebSocketMessageKind.Binary, timeout.Token);
        Assert.Equal(payload, (await connection.ReceiveAsync(timeout.Token)).Payload.ToArray());
    }

    [Fact]
    public async Task Refused_handshake_throws_with_the_status()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<WebSocketHandshakeException>(
            async () => await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/nothing-here"), cancellationToken: timeout.Token));
        Assert.Equal(404, error.StatusCode);
    }

    private async Task<WebSocketConnection> ConnectAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await WebSocketClient.ConnectAsync(
            new Uri($"ws://127.0.0.1:{host.Port}/echo"),
            new WebSocketClientOptions { MaxMessageSize = 2 * 1024 * 1024 },
            timeout.Token);
    }

    private static async Task<WebSocketMessage> ReceiveAsync(WebSocketConnection connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await connection.ReceiveAsync(timeout.Token);
    }
}
