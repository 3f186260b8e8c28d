using System.Diagnostics;
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
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            ArgumentList = { Path.Combine(RepositoryPaths.Root, "tests", "python", "seed_tour_client.py"), baseUrl, transport },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"python client did not finish:\n{await stdout}\n{await stderr}");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"python client exited {process.ExitCode}:\n{output}\n{await stderr}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
