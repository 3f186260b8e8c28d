using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Connecting_socket_gets_the_announcement_and_the_count(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "connect", mode);

        var connected = result.Single("connected");
        var socketId = connected.GetProperty("socketId").GetString();
        Assert.Matches("^[A-Za-z0-9_-]{20}$", socketId);
        Assert.NotEqual(connected.GetProperty("engineId").GetString(), socketId);
        if (mode == "default")
        {
            var upgraded = result.Single("upgraded");
            Assert.Equal("websocket", upgraded.GetProperty("transport").GetString());
            Assert.Equal(42, upgraded.GetProperty("sum").GetInt32());
        }
        else
        {
            Assert.Equal(mode, connected.GetProperty("transport").GetString());
        }

        var received = result.All("received");
        Assert.Equal(2, received.Count);
        Assert.Equal("announcements", received[0].GetProperty("event").GetString());
        Assert.Equal("""[{"message":"A new user has joined!"}]""", received[0].GetProperty("args").GetRawText());
        Assert.Equal("stats", received[1].GetProperty("event").GetString());
        Assert.Equal("""[{"numClients":1}]""", received[1].GetProperty("args").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Every_connect_and_disconnect_sends_the_count_to_everyone(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "counts", mode);

        var counts = result.Single("counts");
        foreach (var client in new[] { "a", "b", "c" })
        {
            Assert.Equal("""{"numClients":3}""", counts.GetProperty(client).GetRawText());
        }

        var afterDisconnect = result.Single("afterDisconnect");
        Assert.Equal("""{"numClients":2}""", afterDisconnect.GetProperty("a").GetRawText());
        Assert.Equal("""{"numClients":2}""", afterDisconnect.GetProperty("b").GetRawText());
        Assert.Equal("""{"numClients":1}""", result.Single("afterTransportClose").GetProperty("a").GetRawText());
        await server.WaitForOutputAsync("Connected clients: 3");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Several_clients_at_once_get_their_own_answers(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "many", mode);

        var many = result.Single("many");
        var client = 0;
        foreach (var sums in many.GetProperty("results").EnumerateArray())
        {
            Assert.Equal(Enumerable.Range(client, 20), sums.EnumerateArray().Select(s => s.GetInt32()));
            client++;
        }

        Assert.Equal(5, client);
        Assert.All(many.GetProperty("stats").EnumerateArray(), s => Assert.Equal("""{"numClients":5}""", s.GetRawText()));
    }
}
