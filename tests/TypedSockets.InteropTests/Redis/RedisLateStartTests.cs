using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>Nodes that start while Redis is unreachable serve anyway and join the cluster once Redis is up.</summary>
[Collection(SeedTourCollection.Name)]
public sealed class RedisLateStartTests
{
    [Fact]
    public async Task Nodes_started_without_redis_join_the_cluster_when_it_comes_up()
    {
        await using var redis = RedisServerProcess.NotStarted();
        // A short connect timeout: the first attempt gives up quickly and the client keeps retrying on its own.
        var configuration = redis.Configuration + ",connectTimeout=500";
        await using var first = await ClusterNode.StartAsync(configuration);
        await using var second = await ClusterNode.StartAsync(configuration);
        Assert.False(first.IsConnected);
        var clients = await NodeScenarioSession(first, second);

        await redis.RestartAsync();
        await Poll.UntilAsync(
            async () => first.IsConnected && second.IsConnected && await first.Root.CountAsync() == 3,
            "the nodes to count each other's sockets");

        // The subscriptions asked for while Redis was down come into place (the subscription connection may come
        // back a moment after the other): a broadcast from node 0 then reaches node 1's clients.
        using var sender = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            while (!sender.IsCancellationRequested)
            {
                first.Root.To(clients.Ids("c")).Emit("direct");

                // The resend period, not a wait: Redis gives no signal that the subscription is in place, so the
                // broadcast repeats until one arrives. The test observes only the first arrival, whatever the period.
                await Task.Delay(100);
            }
        });
        var direct = await clients.Session.ReadAsync(e => e.GetProperty("kind").GetString() == "event", "direct", TimeSpan.FromSeconds(10));
        await sender.CancelAsync();
        await sending;
        Assert.Equal("c", direct.GetProperty("client").GetString());
        clients.Session.EndInput();
        await clients.Session.DisposeAsync();
    }

    private static async Task<(NodeSession Session, Func<string, string> Ids)> NodeScenarioSession(ClusterNode first, ClusterNode second)
    {
        var session = NodeSession.Start("cluster-clients.mjs", first.BaseUrl, second.BaseUrl);
        var ids = (await session.ReadAsync("ready", TimeSpan.FromSeconds(10))).GetProperty("ids");
        return (session, name => ids.GetProperty(name).GetString()!);
    }
}
