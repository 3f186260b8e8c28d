using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// Connection state recovery across nodes: two samples/SeedTour processes with <c>--recovery --redis</c> over one
/// real redis-server and an unchanged socket.io-client 4.8 (tests/node/recovery.mjs). The client is connected to the
/// first node through a proxy, its TCP connection is reset, both nodes emit meanwhile (stats to everyone from the
/// first, room messages from the second), and it comes back through the second node: recovered, same id, its room
/// kept, every missed packet once and in order, then live traffic. The session is taken once: the same pid and
/// offset again, on the first node, start afresh.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourClusterRecoveryTests
{
    [Fact]
    public async Task A_client_that_comes_back_on_another_node_gets_everything_it_missed_once_in_order()
    {
        await using var cluster = await SeedTourCluster.StartAsync(2, "--recovery");
        var result = await NodeScenario.RunAsync("recovery.mjs", ["tcp-kill", .. cluster.Urls]);
        var recovered = result.Single("recovered");

        Assert.False(recovered.GetProperty("firstRecovered").GetBoolean());
        Assert.True(recovered.GetProperty("recovered").GetBoolean());
        Assert.True(recovered.GetProperty("sameId").GetBoolean());
        Assert.Equal(["before", "missed-1", "missed-2", "after"], recovered.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["some event", "stats", "some event", "some event"], recovered.GetProperty("eventsAfterDrop").EnumerateArray().Select(t => t.GetString()));
        Assert.True(recovered.GetProperty("offsetsAreStrings").GetBoolean());

        var secondTake = recovered.GetProperty("secondTake");
        Assert.False(secondTake.GetProperty("sameId").GetBoolean());
        Assert.False(secondTake.GetProperty("recovered").GetBoolean());
    }

    [Theory]
    [InlineData("cap", "--TypedSockets:SocketIO:ConnectionStateRecovery:MaxPacketsPerSession=1")]
    [InlineData("expiry", "--TypedSockets:SocketIO:ConnectionStateRecovery:MaxDisconnectionDuration=00:00:01")]
    public async Task Recovery_on_another_node_is_refused_past_the_cap_or_the_window(string scenario, string setting)
    {
        // cap: two packets missed, one allowed. expiry: the session key in Redis expired with the 1 s window.
        await using var cluster = await SeedTourCluster.StartAsync(2, "--recovery", setting);
        var result = await NodeScenario.RunAsync("recovery.mjs", [scenario, .. cluster.Urls]);
        var refused = result.Single("refused");

        Assert.False(refused.GetProperty("recovered").GetBoolean());
        Assert.False(refused.GetProperty("sameId").GetBoolean());
        Assert.Equal(["before"], refused.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));
    }
}
