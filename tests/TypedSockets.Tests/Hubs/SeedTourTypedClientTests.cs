using System.Diagnostics;
using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>samples/SeedTourClient (the generated typed client) plays every DESIGN §5 event against samples/SeedTour.</summary>
[Collection(SeedTourCollection.Name)]
public sealed class SeedTourTypedClientTests
{
    [Fact]
    public async Task The_typed_console_client_plays_the_whole_tour()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var client = RepositoryPaths.SampleDll("SeedTourClient");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { client, server.BaseUrl },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, output + await stderr);
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
