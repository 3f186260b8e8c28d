using System.Diagnostics;
using StackExchange.Redis;
using TypedSockets.Client;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// A node whose host stops leaves the cluster during the stop, not when its heartbeat expires: with a real
/// redis-server and a node timeout of a minute, the other node stops counting its sockets as soon as the stop returns.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class RedisGracefulShutdownTests
{
    [Fact]
    public async Task A_stopping_node_leaves_the_cluster_at_once_rather_than_after_its_node_timeout()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var first = await ClusterNode.StartAsync(redis.Configuration, nodeTimeout: TimeSpan.FromMinutes(1));
        await using var second = await ClusterNode.StartAsync(redis.Configuration, nodeTimeout: TimeSpan.FromMinutes(1));
        var options = new SocketIOClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5), Reconnection = false };
        await using var client = new SocketIOClient(new Uri(first.BaseUrl + "/"), "/", options, static _ => ValueTask.CompletedTask);
        await client.ConnectAsync();
        await using var store = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var nodes = store.GetDatabase();
        await Poll.UntilAsync(async () => await second.Root.CountAsync() == 1, "node 1 to count the socket of node 0");
        var firstId = first.NodeId;
        Assert.NotNull(await nodes.SortedSetScoreAsync("typedsockets:nodes", firstId));

        var stopping = Stopwatch.StartNew();
        await first.DisposeAsync();

        // Within the drain timeout (5 s), far inside the minute the node would otherwise be counted for.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopping.Elapsed}");
        Assert.Null(await nodes.SortedSetScoreAsync("typedsockets:nodes", firstId));
        Assert.Equal(0, await second.Root.CountAsync());
        Assert.Empty(await second.Root.FetchSocketIdsAsync());
        Assert.Equal([second.NodeId], (await nodes.SortedSetRangeByRankAsync("typedsockets:nodes")).Select(static n => n.ToString()));
    }
}
