using System.Text.Json;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Stackabuse_is_isolated_and_unknown_namespaces_are_refused(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "namespaces", mode);

        var stackabuse = result.Single("stackabuse");
        const string Stats = """{"event":"stats","args":[{"data":"some data"}]}""";
        Assert.Equal($"[{Stats},{Stats}]", stackabuse.GetProperty("first").GetRawText());
        Assert.Equal($"[{Stats}]", stackabuse.GetProperty("second").GetRawText());

        // The main namespace hears only its own traffic: the announcement and numClients, never "some data".
        var main = result.Single("main").GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("announcements", main[0].GetProperty("event").GetString());
        Assert.All(main.Skip(1), e =>
        {
            Assert.Equal("stats", e.GetProperty("event").GetString());
            Assert.Equal(JsonValueKind.Number, e.GetProperty("args")[0].GetProperty("numClients").ValueKind);
        });

        var nope = result.Single("nope");
        Assert.Equal("Invalid namespace", nope.GetProperty("refusal").GetString());
        Assert.Equal("Invalid namespace", nope.GetProperty("aloneRefusal").GetString());
        Assert.Equal(42, nope.GetProperty("stillWorks").GetInt32());
        Assert.True(nope.GetProperty("sharedConnected").GetBoolean());
    }
}
