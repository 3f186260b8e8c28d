using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.Tests.Redis;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// The backplane's instruments on two nodes joined by a real redis-server: the publishing node counts what it published
/// and measures the lag of its own message coming back; the other node counts what it received and its lag.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class BackplaneMetricsTests
{
    private const string Message = "typedsockets.backplane.message";
    private const string Origin = "typedsockets.backplane.origin";

    [Fact]
    public async Task Each_node_counts_what_it_publishes_and_receives_and_measures_the_lag()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var first = await ClusterNode.StartAsync(redis.Configuration);
        await using var second = await ClusterNode.StartAsync(redis.Configuration);
        using var published = new MeterRecorder(first.Services.GetRequiredService<IMeterFactory>());
        using var received = new MeterRecorder(second.Services.GetRequiredService<IMeterFactory>());

        // The subscriptions are made in the background after the start: broadcast until the second node hears one.
        await Poll.UntilAsync(() =>
        {
            first.Root.Emit("hello");
            return received.Sum("typedsockets.backplane.messages.received", (Message, "broadcast")) > 0;
        }, "a broadcast on the second node");

        Assert.True(published.Sum("typedsockets.backplane.messages.published", (Message, "broadcast")) >= 1);
        Assert.Equal(0, published.Sum("typedsockets.backplane.messages.received", (Message, "broadcast")));
        Assert.Equal(0, received.Sum("typedsockets.backplane.messages.published", (Message, "broadcast")));
        await published.Until(m => m.Count("typedsockets.backplane.lag", (Origin, "local")) > 0, "the lag of the first node's own message");
        Assert.All(published.Values("typedsockets.backplane.lag", (Origin, "local")), static seconds => Assert.InRange(seconds, 0, 5));
        Assert.All(received.Values("typedsockets.backplane.lag", (Origin, "remote")), static seconds => Assert.InRange(seconds, 0, 5));
        Assert.NotEmpty(received.Values("typedsockets.backplane.lag", (Origin, "remote")));
    }
}
