using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// The default path: Engine.IO WebSockets accepted by the ASP.NET Core endpoint (no fast path). The session reads and
/// writes the connection's pipes below Kestrel's upgraded stream, and keeps of the request only what its handshake
/// needs (header references, the raw query, the user authentication set); all of it must still read as the request did.
/// </summary>
public sealed class EngineDefaultPathTests
{
    private static string Request(int port, string query, string extraHeaders = "") =>
        $"GET /socket.io/?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";

    [Theory]
    [InlineData("EIO=4&transport=websocket&tag=plain&tag=two", "plain,two")]
    [InlineData("eio=4&TRANSPORT=websocket&tag=a%20b&tag=c", "a b,c")]
    public async Task The_handshake_keeps_headers_query_path_user_and_remote_address(string query, string tag)
    {
        await using var host = await DefaultPathHost.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);

        var (status, _) = await client.HandshakeAsync(Request(host.Port, query, "Cookie: session=42\r\nX-Custom:  spaced value \r\nX-User: ada\r\n"));

        Assert.Equal(101, status);
        var handshake = await host.HandshakeOfOpenAsync(client);
        Assert.Equal("session=42", handshake.Headers.Cookie.ToString());
        Assert.Equal("spaced value", handshake.Headers["x-custom"].ToString());
        Assert.Equal($"127.0.0.1:{host.Port}", handshake.Headers.Host.ToString());
        Assert.Equal(tag, handshake.Query["tag"].ToString());
        Assert.Equal("websocket", handshake.Query["Transport"].ToString());
        Assert.Equal("/socket.io/", handshake.Path);
        Assert.Equal(IPAddress.Loopback, handshake.RemoteAddress);
        Assert.True(handshake.User.Identity!.IsAuthenticated);
        Assert.Equal("ada", handshake.User.Identity.Name);
    }

    [Fact]
    public async Task Without_authentication_the_user_is_anonymous()
    {
        await using var host = await DefaultPathHost.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);

        var (status, _) = await client.HandshakeAsync(Request(host.Port, "EIO=4&transport=websocket"));

        Assert.Equal(101, status);
        var handshake = await host.HandshakeOfOpenAsync(client);
        Assert.NotNull(handshake.User.Identity);
        Assert.False(handshake.User.Identity.IsAuthenticated);
        Assert.Same(handshake.User, handshake.User);
        Assert.False(handshake.Query.ContainsKey("tag"));
    }

    [Fact]
    public async Task A_frame_sent_in_the_same_write_as_the_handshake_is_read()
    {
        await using var host = await DefaultPathHost.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
        var head = Encoding.ASCII.GetBytes(Request(host.Port, "EIO=4&transport=websocket"));

        // A masked text frame "4early" (key 0): Kestrel has these bytes in its buffer when it parses the head.
        byte[] frame = [0x81, 0x86, 0, 0, 0, 0, .. "4early"u8];
        await client.SendAsync([.. head, .. frame]);

        var (status, _) = await client.ReadResponseHeadAsync();

        Assert.Equal(101, status);
        Assert.Equal((byte)'0', (await client.ReadFrameAsync()).Payload[0]);
        Assert.Equal("4early", Encoding.UTF8.GetString((await client.ReadFrameAsync()).Payload));
    }

    [Fact]
    public async Task A_message_larger_than_a_read_arrives_whole_and_in_order()
    {
        await using var host = await DefaultPathHost.StartAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/socket.io/?EIO=4&transport=websocket"));
        Assert.StartsWith("0{", await client.ReceiveTextAsync(), StringComparison.Ordinal);
        var large = new byte[900 * 1024];
        Random.Shared.NextBytes(large);

        await client.SendBinaryAsync(large);
        await client.SendTextAsync("4after");

        Assert.Equal(large, (await client.ReceiveAsync()).Payload);
        Assert.Equal("4after", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_close_handshake_ends_the_session_and_the_server_closes_tcp()
    {
        await using var host = await DefaultPathHost.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
        var (status, _) = await client.HandshakeAsync(Request(host.Port, "EIO=4&transport=websocket"));
        Assert.Equal(101, status);
        _ = await host.HandshakeOfOpenAsync(client);

        // Close 1000, masked with key 0.
        await client.SendHexAsync("88 82 00 00 00 00 03 e8");

        Assert.Equal(1000, await client.ReadCloseCodeAsync());
        Assert.True(await client.ReadsEndOfStreamAsync());
        await Poll.UntilAsync(() => host.Handler.Sessions.Values.Any(s => s.Closed.Task.IsCompleted), "the session to close");
    }

    [Fact]
    public async Task Over_tls_the_default_path_runs_on_the_decrypted_connection()
    {
        await using var server = await EngineTestServer.StartAsync(certificate: KestrelEchoHost.CreateCertificate());
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), trustAnyCertificate: true);

        Assert.StartsWith("0{", await client.ReceiveTextAsync(), StringComparison.Ordinal);
        await client.SendTextAsync("4secure");
        Assert.Equal("4secure", await client.ReceiveTextAsync());
        Assert.Equal(1, server.HttpUpgradeRequests);
    }

    [Theory]
    [InlineData("EIO=4&transport=websocket&transport=websocket", 400)]
    [InlineData("EIO=4&transport=web%73ocket", 101)]
    [InlineData("EIO=4&transport=websocket&sid=", 101)]
    [InlineData("EIO=%34&transport=websocket", 101)]
    [InlineData("EIO=3&transport=websocket", 400)]
    public async Task Engine_parameters_are_read_as_the_http_query_reads_them(string query, int expected)
    {
        await using var host = await DefaultPathHost.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);

        var (status, head) = await client.HandshakeAsync(Request(host.Port, query));

        Assert.True(expected == status, head);
    }

    /// <summary>
    /// <c>MapEngineIO</c> on Kestrel with nothing in front that reads the request's query (so the endpoint's own reading
    /// is what runs), and a stand-in for authentication: a request with <c>X-User</c> gets that user.
    /// </summary>
    private sealed class DefaultPathHost : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private DefaultPathHost(WebApplication app, RecordingEngineHandler handler, int port)
        {
            _app = app;
            Handler = handler;
            Port = port;
        }

        public RecordingEngineHandler Handler { get; }

        public int Port { get; }

        public static async Task<DefaultPathHost> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.Use((context, next) =>
            {
                if (context.Request.Headers["X-User"] is [{ } name])
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));
                }

                return next(context);
            });
            var handler = new RecordingEngineHandler();
            app.MapEngineIO(EngineOptions.DefaultPath, handler);
            await app.StartAsync();
            return new DefaultPathHost(app, handler, new Uri(app.Urls.First()).Port);
        }

        /// <summary>Reads the open packet and returns the handshake of the session it names.</summary>
        public async Task<EngineHandshake> HandshakeOfOpenAsync(RawWebSocketClient client)
        {
            var (_, _, open) = await client.ReadFrameAsync();
            using var json = JsonDocument.Parse(open.AsMemory(1));
            return Handler.Get(json.RootElement.GetProperty("sid").GetString()!).Session!.Handshake;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
