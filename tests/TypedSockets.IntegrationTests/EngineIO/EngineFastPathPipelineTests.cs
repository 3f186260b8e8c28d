using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.EngineIO;
using TypedSockets.Hosting;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// The fast path's pipeline mode (<c>FastPathOptions.HandshakesThroughPipeline</c>) on Kestrel: Engine.IO WebSocket
/// handshakes meet ASP.NET Core's authentication and authorization middleware and the endpoint's
/// <c>RequireAuthorization</c>, the session keeps the request's user, and once the endpoint accepted the WebSocket the
/// HTTP server's request objects are collected while the session runs on.
/// </summary>
public sealed class EngineFastPathPipelineTests
{
    [Fact]
    public async Task Handshakes_meet_the_authorization_of_the_endpoint_and_the_session_keeps_the_requests_user()
    {
        await using var host = await PipelineHost.StartAsync(takeOver: true);

        await using (var anonymous = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var (status, _) = await anonymous.HandshakeAsync(RawWebSocketClient.ValidRequest("/socket.io/?EIO=4&transport=websocket", host.Port));
            Assert.Equal(401, status);
        }

        await using (var raw = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            // The answer is ours, written on the connection taken back: the pipeline's headers are in it, and nothing
            // of the HTTP server's own (dropped) answer to the request follows it.
            var (status, head) = await raw.HandshakeAsync(RawWebSocketClient.ValidRequest("/socket.io/?EIO=4&transport=websocket", host.Port, "Authorization: Bearer alice\r\n"));
            Assert.Equal(101, status);
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.Ordinal);
            Assert.Contains("X-Pipeline: ran\r\n", head, StringComparison.Ordinal);
            var (opcode, _, open) = await raw.ReadFrameAsync();
            Assert.Equal(1, opcode);
            Assert.Equal((byte)'0', open[0]);
        }

        using var client = await ConnectAsync(host, "alice");
        var sid = EngineOpenPacket.SidOf(await client.ReceiveTextAsync());
        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
        Assert.Equal("alice", host.Handler.Get(sid).Session!.Handshake.User.Identity?.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Once_the_endpoint_accepted_the_websocket_the_http_servers_request_objects_are_collected(bool takeOver)
    {
        // Without the takeover (the default path) the upgraded request lives as long as its WebSocket: the control
        // that shows this check can tell the two apart.
        await using var host = await PipelineHost.StartAsync(takeOver);
        using var client = await ConnectAsync(host, "alice");
        var sid = EngineOpenPacket.SidOf(await client.ReceiveTextAsync());

        Assert.Equal(!takeOver, await host.HandshakeRequestIsAliveAsync());
        Assert.Equal(takeOver, host.HandshakeRequestEnded);
        await client.SendTextAsync("4still here");
        Assert.Equal("4still here", await client.ReceiveTextAsync());
        Assert.Equal(["open", "text:still here"], host.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task A_polling_sessions_upgrade_goes_through_the_pipeline_too()
    {
        await using var host = await PipelineHost.StartAsync(takeOver: true);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "alice");
        var sid = EngineOpenPacket.SidOf(await http.GetStringAsync("socket.io/?EIO=4&transport=polling"));

        var upgrade = new Uri($"ws://127.0.0.1:{host.Port}/socket.io/?EIO=4&transport=websocket&sid={sid}");
        await using (var anonymous = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var (status, _) = await anonymous.HandshakeAsync(RawWebSocketClient.ValidRequest(upgrade.PathAndQuery, host.Port));
            Assert.Equal(401, status);
        }

        using var client = await EngineWebSocketClient.ConnectAsync(upgrade, configure: options => options.SetRequestHeader("Authorization", "Bearer alice"));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        await client.SendTextAsync("5");
        await client.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", await client.ReceiveTextAsync());
        Assert.False(await host.HandshakeRequestIsAliveAsync());
        Assert.Equal("alice", host.Handler.Get(sid).Session!.Handshake.User.Identity?.Name);
    }

    private static Task<EngineWebSocketClient> ConnectAsync(PipelineHost host, string user) =>
        EngineWebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/socket.io/?EIO=4&transport=websocket"), configure: options => options.SetRequestHeader("Authorization", $"Bearer {user}"));

    /// <summary>
    /// Kestrel with authentication (a bearer token that is the user's name), authorization, and the Engine.IO endpoint
    /// behind <c>RequireAuthorization</c>; with <c>takeOver</c> on the fast path's pipeline mode, otherwise without the fast path.
    /// </summary>
    private sealed class PipelineHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private WeakReference? _lastWebSocketRequest;
        private bool _handshakeRequestEnded;

        private PipelineHost(WebApplication app, EngineServer server, RecordingEngineHandler handler)
        {
            _app = app;
            Server = server;
            Handler = handler;
            BaseUri = new Uri(app.Urls.First() + "/");
        }

        public EngineServer Server { get; }

        public RecordingEngineHandler Handler { get; }

        public Uri BaseUri { get; }

        public int Port => BaseUri.Port;

        public static async Task<PipelineHost> StartAsync(bool takeOver)
        {
            var builder = LoopbackApplication.CreateBuilder(new ListLoggerProvider(), fastPath: takeOver, configureFastPath: options => options.HandshakesThroughPipeline = true);
            builder.Services.AddSingleton<FastPathRoutes>();
            builder.Services.AddAuthentication(BearerNameHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerNameHandler>(BearerNameHandler.SchemeName, null);
            builder.Services.AddAuthorization();
            var app = builder.Build();
            var handler = new RecordingEngineHandler();
            var server = new EngineServer(new EngineOptions(), handler, app.Services.GetRequiredService<ILoggerFactory>(), TimeProvider.System);
            app.Services.GetRequiredService<FastPathRoutes>().Add(EngineOptions.DefaultPath, server);
            PipelineHost? created = null;
            app.Use((context, next) =>
            {
                if (context.Request.Headers.Upgrade.Count > 0)
                {
                    // Kestrel's request object (its HTTP/1.1 connection, which serves every request feature).
                    created!._lastWebSocketRequest = new WeakReference(context.Features.Get<IHttpRequestFeature>());
                    context.Response.Headers["X-Pipeline"] = "ran";
                    return EndsAsync(created, next(context));
                }

                return next(context);
            });
            app.UseAuthentication();
            app.UseAuthorization();
            app.Map(EngineOptions.DefaultPath, (RequestDelegate)server.HandleRequestAsync).RequireAuthorization();
            await app.StartAsync();
            created = new PipelineHost(app, server, handler);
            return created;
        }

        /// <summary>Whether the last WebSocket handshake's request has ended (its middleware returned).</summary>
        public bool HandshakeRequestEnded => Volatile.Read(ref _handshakeRequestEnded);

        private static async Task EndsAsync(PipelineHost host, Task request)
        {
            Volatile.Write(ref host._handshakeRequestEnded, false);
            await request;
            Volatile.Write(ref host._handshakeRequestEnded, true);
        }

        /// <summary>Whether the last WebSocket handshake's request object is still reachable, after full collections.</summary>
        public async Task<bool> HandshakeRequestIsAliveAsync()
        {
            // The HTTP server lets go just after the endpoint returned: give it a moment, then collect.
            for (var attempt = 0; attempt < 50; attempt++)
            {
                if (!IsAlive(_lastWebSocketRequest!))
                {
                    return false;
                }

                await Task.Delay(20);
            }

            return IsAlive(_lastWebSocketRequest!);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool IsAlive(WeakReference reference)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return reference.IsAlive;
        }

        public async ValueTask DisposeAsync()
        {
            Server.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Authenticates <c>Authorization: Bearer &lt;name&gt;</c> as the user of that name.</summary>
    private sealed class BearerNameHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "BearerName";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, header["Bearer ".Length..])], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
