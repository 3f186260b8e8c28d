using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>samples/SeedTourClient (the generated typed client) plays every event of its contract (docs/samples.md) against samples/SeedTour.</summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourTypedClientTests
{
    [Fact]
    public async Task The_typed_console_client_plays_the_whole_tour()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var client = RepositoryPaths.SampleDll("SeedTourClient");
        var run = await ChildProcess.RunAsync("dotnet", [client, server.BaseUrl], TimeSpan.FromSeconds(20));
        var output = run.Output;

        Assert.True(run.ExitCode == 0, output + run.Error);
        string[] expected =
        [
            "announcements: A new user has joined!",
            "stats: 1 client(s) connected",
            "event acked: received hello from the typed client",
            "join blue: True",
            "join Bad: False",
            "some event: [blue] hi blue",
            "leave blue: True",
            "add 1 + 2 = 3",
            "echoBinary: 000102FEFF",
            "/stackabuse stats: some data",
            "tour complete",
        ];
        foreach (var line in expected)
        {
            Assert.Contains(line, output, StringComparison.Ordinal);
        }
    }
}
