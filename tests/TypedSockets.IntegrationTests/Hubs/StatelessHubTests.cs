using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Client;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// A stateless hub (one instance per connection, synchronous dispatch) keeps every behaviour of a hub created per
/// invocation: its own connection in <c>Context</c>, results, asynchronous methods, errors, and no instance shared
/// between connections.
/// </summary>
public sealed class StatelessHubTests
{
    [Fact]
    public async Task One_instance_per_connection_serves_connect_and_every_event()
    {
        await using var app = await StartAsync();
        var uri = new Uri(app.Urls.First() + "/");
        var firstReceiver = new HelloReceiver();
        var secondReceiver = new HelloReceiver();
        var before = await CreatedAsync(uri);

        await using var first = await StatelessHubClient.ConnectAsync(uri, firstReceiver, Options());
        await using var second = await StatelessHubClient.ConnectAsync(uri, secondReceiver, Options());
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i + 1, await first.Hub.Add(i, 1));
            Assert.Equal(first.Connection.Id, await first.Hub.WhoAmI());
            Assert.Equal(second.Connection.Id, await second.Hub.WhoAmI());
            Assert.Equal(2 * i, await second.Hub.Later(i));
        }

        await RecordingReceiver.Until(() => firstReceiver.Hellos.Contains(first.Connection.Id!) && secondReceiver.Hellos.Contains(second.Connection.Id!), "hellos");
        Assert.Equal(before + 2, await first.Hub.Created());
    }

    [Fact]
    public async Task Failures_now_and_later_get_error_acks_and_the_connection_stays_up()
    {
        await using var app = await StartAsync();
        await using var client = await StatelessHubClient.ConnectAsync(new Uri(app.Urls.First() + "/"), new HelloReceiver(), Options());

        Assert.Equal("failed at once", (await Assert.ThrowsAsync<HubException>(async () => await client.Hub.FailNow())).Message);
        Assert.Equal("failed later", (await Assert.ThrowsAsync<HubException>(() => client.Hub.FailLater())).Message);
        Assert.Equal(3, await client.Hub.Add(1, 2));
        Assert.True(client.Connection.IsConnected);
    }

    private static async Task<int> CreatedAsync(Uri uri)
    {
        await using var probe = await StatelessHubClient.ConnectAsync(uri, new HelloReceiver(), Options());
        return await probe.Hub.Created();
    }

    private static SocketIOClientOptions Options() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
    };

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTypedSockets();
        var app = builder.Build();
        app.MapHub<StatelessHub>();
        await app.StartAsync();
        return app;
    }

    private sealed class HelloReceiver : IStatelessClient
    {
        public ConcurrentQueue<string> Hellos { get; } = new();

        public Task Hello(string connectionId)
        {
            Hellos.Enqueue(connectionId);
            return Task.CompletedTask;
        }
    }
}
