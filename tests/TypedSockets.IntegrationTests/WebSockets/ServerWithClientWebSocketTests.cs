using System.Net.WebSockets;
using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// Our server role against .NET's ClientWebSocket as an independent peer, over HTTP/1.1 (an upgrade) and, where a test
/// takes <c>http2</c>, over HTTP/2 too (an extended CONNECT, RFC 8441, on an endpoint that speaks HTTP/2 only).
/// </summary>
public sealed class ServerWithClientWebSocketTests(EchoHost host) : IClassFixture<EchoHost>, IDisposable
{
    // One HTTP/2 connection per test, for the test's HTTP/2 sockets.
    private readonly HttpMessageInvoker _http2 = Http2WebSockets.CreateInvoker();

    public static TheoryData<int, bool> CloseCodes
    {
        get
        {
            var data = new TheoryData<int, bool>();
            foreach (var code in Payloads.CloseCodes)
            {
                data.Add(code, false);
                data.Add(code, true);
            }

            return data;
        }
    }

    public static TheoryData<int, bool, bool> SizesAndKinds
    {
        get
        {
            var data = new TheoryData<int, bool, bool>();
            foreach (var size in Payloads.Sizes)
            {
                foreach (var http2 in (bool[])[false, true])
                {
                    data.Add(size, true, http2);
                    data.Add(size, false, http2);
                }
            }

            return data;
        }
    }

    public void Dispose() => _http2.Dispose();

    [Theory]
    [MemberData(nameof(SizesAndKinds))]
    public async Task Echoes_text_and_binary_of_every_length_class(int size, bool text, bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/echo", http2, timeout.Token);
        var payload = Payloads.Create(size, text);
        var type = text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        await client.SendAsync(payload, type, true, timeout.Token);
        var (receivedType, received) = await ReceiveMessageAsync(client, timeout.Token);
        Assert.Equal(type, receivedType);
        Assert.Equal(payload, received);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reassembles_fragmented_messages(bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/echo", http2, timeout.Token);
        var payload = Payloads.Create(70_000, text: true);

        // Cut inside the two-byte code points on purpose: UTF-8 validation must span fragments.
        int[] cuts = [0, 1, 101, 30_001, 70_000];
        for (var i = 0; i < cuts.Length - 1; i++)
        {
            var last = i == cuts.Length - 2;
            await client.SendAsync(payload.AsMemory(cuts[i], cuts[i + 1] - cuts[i]), WebSocketMessageType.Text, last, timeout.Token);
        }

        var (type, received) = await ReceiveMessageAsync(client, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task Answers_the_clients_keep_alive_pings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new ClientWebSocket();

        // With a keep-alive timeout, ClientWebSocket sends pings and aborts if no pong comes back.
        client.Options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
        client.Options.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        await client.ConnectAsync(host.WebSocketUri("/echo"), timeout.Token);
        var pending = ReceiveMessageAsync(client, timeout.Token);

        // ClientWebSocket's keep-alive runs on the real clock (it takes no TimeProvider): the connection must outlive
        // its 1 s pong timeout twice over. The server side of keep-alive is proven on a fake clock in KeepAliveTests.
        await Task.Delay(TimeSpan.FromSeconds(2.5), timeout.Token);
        Assert.Equal(WebSocketState.Open, client.State);
        await client.SendAsync("alive"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Equal("alive", Encoding.UTF8.GetString((await pending).Payload));
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Client_initiated_close_is_echoed(int code, bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/echo", http2, timeout.Token);
        await client.CloseAsync((WebSocketCloseStatus)code, "bye", timeout.Token);
        Assert.Equal((WebSocketState.Closed, (WebSocketCloseStatus)code), (client.State, client.CloseStatus));
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Server_initiated_close_reaches_the_client_with_code_and_reason(int code, bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/commands", http2, timeout.Token);
        await client.SendAsync(Encoding.UTF8.GetBytes($"close:{code}"), WebSocketMessageType.Text, true, timeout.Token);
        var result = await client.ReceiveAsync(new byte[16], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(((WebSocketCloseStatus)code, "bye"), (client.CloseStatus, client.CloseStatusDescription));
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Negotiates_the_first_offered_subprotocol_the_server_speaks(bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/proto", http2, timeout.Token, options =>
        {
            options.AddSubProtocol("chat.v3");
            options.AddSubProtocol("chat.v1");
            options.AddSubProtocol("chat.v2");
        });
        Assert.Equal("chat.v1", client.SubProtocol);
    }

    [Fact]
    public async Task Server_keep_alive_pings_are_answered_by_a_live_client()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/keepalive", http2: false, timeout.Token);
        var pending = ReceiveMessageAsync(client, timeout.Token);

        // Interop with ClientWebSocket's automatic pongs over real time (/keepalive pings every 100 ms, 1 s timeout): the
        // connection must outlive the timeout twice over. Ping and timeout logic itself is proven on a fake clock in
        // KeepAliveTests; this checks only that a real client's pongs count.
        await Task.Delay(TimeSpan.FromSeconds(2.5), timeout.Token);
        await client.SendAsync("alive"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Equal("alive", Encoding.UTF8.GetString((await pending).Payload));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Preframed_frames_are_written_as_is_in_one_flush(bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/commands", http2, timeout.Token);
        await client.SendAsync("preframed"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Equal("pre", Encoding.UTF8.GetString((await ReceiveMessageAsync(client, timeout.Token)).Payload));
        Assert.Equal("framed", Encoding.UTF8.GetString((await ReceiveMessageAsync(client, timeout.Token)).Payload));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_sends_never_interleave_frames(bool http2)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/commands", http2, timeout.Token);
        await client.SendAsync("burst:2000"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var seen = new HashSet<int>();
        for (var i = 0; i < 2000; i++)
        {
            var (type, payload) = await ReceiveMessageAsync(client, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, type);
            Assert.True(seen.Add(int.Parse(Encoding.UTF8.GetString(payload))));
        }

        Assert.Equal(Enumerable.Range(0, 2000), seen.Order());
    }

    [Fact]
    public async Task A_receive_that_starts_while_another_task_closes_returns_the_close()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = await ConnectAsync("/commands", http2: false, timeout.Token);
        await client.SendAsync("closeaside"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var result = await client.ReceiveAsync(new byte[16], timeout.Token);
        Assert.Equal((WebSocketMessageType.Close, WebSocketCloseStatus.EndpointUnavailable), (result.MessageType, client.CloseStatus));

        // Answer late, while the server's handler is already inside its next receive.
        await host.CloseAsideReceiving.Task.WaitAsync(timeout.Token);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        await Poll.UntilAsync(() => !host.CloseAsideOutcomes.IsEmpty, "the outcome of the receive after the close");

        Assert.Equal(["Close"], host.CloseAsideOutcomes);
    }

    private async Task<ClientWebSocket> ConnectAsync(string path, bool http2, CancellationToken cancellationToken, Action<ClientWebSocketOptions>? configure = null)
    {
        if (http2)
        {
            return await Http2WebSockets.ConnectAsync(host.Http2WebSocketUri(path), _http2, cancellationToken, configure);
        }

        var client = new ClientWebSocket();
        configure?.Invoke(client.Options);
        await client.ConnectAsync(host.WebSocketUri(path), cancellationToken);
        return client;
    }

    /// <summary>The next whole message (its fragments joined) and its type.</summary>
    internal static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(ClientWebSocket client, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, cancellationToken);
            stream.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, stream.ToArray());
            }
        }
    }
}
