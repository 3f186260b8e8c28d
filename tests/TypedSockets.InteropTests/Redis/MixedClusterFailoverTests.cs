using System.Diagnostics;
using TypedSockets.Testing;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// A node of either kind killed with SIGKILL in a mixed cluster: a SeedTour process with
/// <c>--redis-protocol socketio</c>, then the Node server; the survivors stop counting it at once (Redis drops its
/// subscriptions with its connection) and go on serving their clients.
/// </summary>
[Collection(SocketIO.SeedTourCollection.Name)]
public sealed class MixedClusterFailoverTests
{
    [Fact]
    public async Task Survivors_carry_on_when_a_node_of_either_kind_is_killed()
    {
        await using var cluster = await MixedCluster.StartAsync();
        var seedTour = await SampleProcess.StartAsync("SeedTour", "--redis", cluster.Redis.Configuration, "--redis-protocol", "socketio");
        try
        {
            await seedTour.WaitForOutputAsync("socket.io Redis adapter node");
            await Poll.UntilAsync(async () => (await cluster.RunAsync("serverCount")).GetInt32() == 3, "three nodes", MixedCluster.Wait);
            Assert.Equal(4, await cluster.TypedSockets.Root.CountAsync());
        }
        finally
        {
            // SIGKILL: no unsubscribe, no goodbye.
            await seedTour.DisposeAsync();
        }

        await Poll.UntilAsync(async () => (await cluster.RunAsync("serverCount")).GetInt32() == 2, "the SeedTour node gone", MixedCluster.Wait);
        var watch = Stopwatch.StartNew();
        Assert.Equal(4, (await cluster.RunAsync("fetchSockets")).GetArrayLength());
        Assert.Equal(4, await cluster.TypedSockets.Root.CountAsync());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "no request waited for the dead node");
        cluster.TypedSockets.Root.Emit("afterSeedTour");
        await cluster.EventsAsync("afterSeedTour", 4);

        // The clients die with the Node script too: the TypedSockets node is left alone and answers at once.
        cluster.Node.Kill();
        await Poll.UntilAsync(async () => await cluster.TypedSockets.Root.CountAsync() == 0, "every socket gone", MixedCluster.Wait);
        watch.Restart();
        Assert.Empty(await cluster.TypedSockets.Root.FetchSocketIdsAsync());
        var result = await cluster.TypedSockets.Root.EmitWithAckAsync("question", 0, static (_, _) => { }, TimeSpan.FromSeconds(5));
        Assert.True(result.IsComplete);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), "no request waited for the dead nodes");
    }
}
