using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// samples/SeedTour with <c>--recovery</c> against an unchanged socket.io-client 4.8 (tests/node/recovery.mjs): a
/// client that loses its connection (engine closed by the client, or TCP reset by a proxy) while others emit to its
/// room and to everyone comes back with <c>recovered</c> true, the same id, its room, and every packet it missed
/// once and in order. The typed hub's <c>OnConnected</c> does not run again (no second announcement, no stats).
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourRecoveryTests
{
    [Theory]
    [InlineData("engine-close")]
    [InlineData("tcp-kill")]
    public async Task A_client_that_lost_its_connection_gets_everything_it_missed_once_in_order(string dropWay)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour", "--recovery");
        var result = await NodeScenario.RunAsync("recovery.mjs", dropWay, server.BaseUrl);
        var recovered = result.Single("recovered");

        Assert.False(recovered.GetProperty("firstRecovered").GetBoolean());
        Assert.True(recovered.GetProperty("recovered").GetBoolean());
        Assert.True(recovered.GetProperty("sameId").GetBoolean());
        Assert.NotEqual("io client disconnect", recovered.GetProperty("reason").GetString());
        Assert.Equal(["before", "missed-1", "missed-2", "after"], recovered.GetProperty("texts").EnumerateArray().Select(t => t.GetString()));

        // Missed: its room, the newcomer's stats (to everyone); then live. No announcement: OnConnected ran once.
        Assert.Equal(["some event", "stats", "some event", "some event"], recovered.GetProperty("eventsAfterDrop").EnumerateArray().Select(t => t.GetString()));
        Assert.True(recovered.GetProperty("offsetsAreStrings").GetBoolean());
    }
}
