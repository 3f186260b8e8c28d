using System.Text.Json;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    /// <summary>python-socketio's transports: each alone (its default tries polling first, then upgrades).</summary>
    public static TheoryData<string> PythonTransports => ["websocket", "polling"];

    [Theory]
    [MemberData(nameof(PythonTransports))]
    public async Task Python_socketio_connects_sends_events_gets_acks_and_uses_rooms(string transport)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var observed = await RunPythonClientAsync(server.BaseUrl, transport);

        Assert.Equal("A new user has joined!", observed.GetProperty("announcement").GetProperty("message").GetString());
        Assert.True(observed.GetProperty("sawTwoClients").GetBoolean(), "stats never said 2 clients");
        Assert.Equal(42, observed.GetProperty("add").GetDouble());
        Assert.Equal("hello from python", observed.GetProperty("eventAck").GetProperty("received").GetString());
        Assert.True(observed.GetProperty("joinValid").GetBoolean());
        Assert.False(observed.GetProperty("joinInvalid").GetBoolean());
        Assert.True(observed.GetProperty("memberGotRoomMessage").GetBoolean());
        Assert.True(observed.GetProperty("leave").GetBoolean());
        Assert.Equal(1, observed.GetProperty("roomMessagesToMember").GetInt32());
        Assert.Equal(0, observed.GetProperty("roomMessagesToOutsider").GetInt32());
        Assert.True(observed.GetProperty("binaryEchoed").GetBoolean(), "echoBinary did not return the same bytes");
        Assert.True(observed.GetProperty("sawOneClientAfterDisconnect").GetBoolean(), "stats never went back to 1");
        await server.WaitForOutputAsync("A client sent us this dumb message: hello from python");
    }

    private static async Task<JsonElement> RunPythonClientAsync(string baseUrl, string transport)
    {
        // Debian's interpreter, where python3-socketio is installed (another python3 may come first on PATH).
        var script = Path.Combine(RepositoryPaths.Root, "tests", "python", "seed_tour_client.py");
        var run = await ChildProcess.RunAsync("/usr/bin/python3", [script, baseUrl, transport], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, $"python client exited {run.ExitCode}:\n{run.Output}\n{run.Error}");
        return JsonDocument.Parse(run.Output).RootElement.Clone();
    }
}
