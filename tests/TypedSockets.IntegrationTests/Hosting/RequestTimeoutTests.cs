using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.Tests.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.Hosting;

/// <summary>
/// An application with ASP.NET Core's request timeouts and a default policy (here 100 ms) keeps it for its ordinary
/// endpoints, while a long poll and a WebSocket on a TypedSockets endpoint stay open past it. The engine's heartbeat runs
/// on a clock that never moves, so nothing but a request timeout could end them.
/// </summary>
public sealed class RequestTimeoutTests
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task A_long_poll_outlives_the_applications_default_request_timeout()
    {
        await using var app = await StartAsync(app => app.MapSocketIO().Of("/"));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TimeSpan.FromSeconds(10) };
        await AssertTheDefaultPolicyAppliesAsync(client);
        var handshake = await client.GetStringAsync("socket.io/?EIO=4&transport=polling");
        var sid = EngineOpenPacket.SidOf(handshake);
        var poll = client.GetAsync($"socket.io/?EIO=4&transport=polling&sid={sid}");

        await Quiet.AssertNothingArrivesWithin(poll, "the long poll ended", DefaultTimeout * 5);
        using (var connect = await client.PostAsync($"socket.io/?EIO=4&transport=polling&sid={sid}", new StringContent("40")))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        }

        using var answered = await poll;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.StartsWith("40{\"sid\":", await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_websocket_handlers_token_outlives_the_applications_default_request_timeout()
    {
        await using var app = await StartAsync(app => app.MapWebSocket("/echo", async (connection, cancellationToken) =>
        {
            while ((await connection.ReceiveAsync(cancellationToken)) is { Kind: not WebSocketMessageKind.Close } message)
            {
                await connection.SendAsync(message.Payload, message.Kind, cancellationToken);
            }
        }));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TimeSpan.FromSeconds(10) };
        await AssertTheDefaultPolicyAppliesAsync(client);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(app.Urls.First().Replace("http", "ws", StringComparison.Ordinal) + "/echo"), timeout.Token);
        var buffer = new byte[64];
        var receiving = socket.ReceiveAsync(buffer, timeout.Token);

        await Quiet.AssertNothingArrivesWithin(receiving, "the handler's receive ended", DefaultTimeout * 5);
        await socket.SendAsync("still open"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);

        var received = await receiving;
        Assert.Equal("still open", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    /// <summary>The control: an ordinary endpoint of the same application is cut at the default timeout (504).</summary>
    private static async Task AssertTheDefaultPolicyAppliesAsync(HttpClient client)
    {
        using var slow = await client.GetAsync("slow");
        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddTypedSockets();
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy { Timeout = DefaultTimeout });
        var app = builder.Build();
        app.UseRequestTimeouts();
        app.MapGet("/slow", async (HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        map(app);
        await app.StartAsync();
        return app;
    }
}
