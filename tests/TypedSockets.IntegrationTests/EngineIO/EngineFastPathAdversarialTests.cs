using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// The fast path against a hostile client: slow, malformed and oversized request heads, garbage pipelined after the
/// upgrade, a TLS handshake that stalls. Each ends that connection only, within the HTTP server's own limits, and
/// the server goes on serving.
/// </summary>
public sealed class EngineFastPathAdversarialTests
{
    private static string Handshake(int port, string extraHeaders = "") =>
        $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";

    [Fact]
    public async Task A_head_that_never_completes_is_cut_by_the_http_servers_headers_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true, kestrel: kestrel => kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();

        // Slowloris: the request line and one header, then nothing more.
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\n"));

        var answer = await ReadUntilClosedAsync(stream);
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
        Assert.Equal(0, server.Server.SessionCount);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Many_stalled_heads_hold_up_no_other_client_and_each_is_cut()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true, kestrel: kestrel => kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(3));
        var stalled = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var tcp = new TcpClient();
                stalled.Add(tcp);
                await tcp.ConnectAsync("127.0.0.1", server.Port);
                await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgr"));
            }

            // Served while all fifty still wait for the rest of their heads: none of them holds a thread or a lock.
            await AssertStillServesAsync(server);
            Assert.All(stalled, static tcp => Assert.False(tcp.Client.Poll(0, SelectMode.SelectRead), "a stalled connection was answered before its headers timeout"));

            foreach (var tcp in stalled)
            {
                var answer = await ReadUntilClosedAsync(tcp.GetStream());
                Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
            }

            await Poll.UntilAsync(() => server.Server.SessionCount == 0, "every session to end");
        }
        finally
        {
            stalled.ForEach(static tcp => tcp.Dispose());
        }
    }

    [Theory]
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003")] // a TLS ClientHello on the plain port
    [InlineData("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade websocket\r\n\r\n")] // a header without a colon
    [InlineData("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX: \u0000\r\n\r\n")] // a NUL in a header
    public async Task A_malformed_head_gets_the_http_servers_400_and_nothing_else(string request)
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));

        var answer = await ReadUntilClosedAsync(stream);
        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Equal(0, server.Server.SessionCount);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task An_oversized_head_gets_the_http_servers_431()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();

        // 40 KiB of cookie: past Kestrel's 32 KiB MaxRequestHeadersTotalSize, and more than the fast path reads at once.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Handshake(server.Port, "Cookie: a=" + new string('x', 40 * 1024) + "\r\n")));

        var answer = await ReadUntilClosedAsync(stream);
        Assert.StartsWith("HTTP/1.1 431", answer, StringComparison.Ordinal);
        Assert.Equal(0, server.Server.SessionCount);
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Garbage_pipelined_after_the_upgrade_is_a_websocket_protocol_error()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port);

        // The handshake and, in the same write, bytes that are no WebSocket frame (an unmasked frame with RSV bits).
        await client.SendAsync([.. Encoding.ASCII.GetBytes(Handshake(server.Port)), .. "GET / HTTP/1.1\r\n\r\n"u8.ToArray()]);
        var (status, _) = await client.HandshakeAsync(string.Empty);
        Assert.Equal(101, status);
        Assert.Equal(0, server.HttpUpgradeRequests);
        Assert.Equal('0', (char)(await client.ReadFrameAsync()).Payload[0]);

        Assert.Equal(1002, await client.ReadCloseCodeAsync());
        Assert.True(await client.ReadsEndOfStreamAsync());
        await Poll.UntilAsync(() => server.Server.SessionCount == 0, "the session to end");
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task A_stalled_tls_handshake_is_cut_by_the_handshake_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(
            fastPath: true,
            certificate: KestrelEchoHost.CreateCertificate(),
            kestrel: kestrel => kestrel.ConfigureHttpsDefaults(https => https.HandshakeTimeout = TimeSpan.FromSeconds(1)));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();

        // The first bytes of a ClientHello, then silence.
        await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 });

        Assert.Equal(string.Empty, await ReadUntilClosedAsync(stream));
        Assert.Equal(0, server.Server.SessionCount);

        // A real TLS client still gets through.
        using var ok = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), trustAnyCertificate: true);
        Assert.StartsWith("0{", await ok.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>What the server sent until it closed the connection (a reset counts as closed).</summary>
    private static async Task<string> ReadUntilClosedAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
        }

        return answer.ToString();
    }

    private static async Task AssertStillServesAsync(EngineTestServer server)
    {
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        Assert.StartsWith("0{", await client.ReceiveTextAsync(), StringComparison.Ordinal);
    }
}
