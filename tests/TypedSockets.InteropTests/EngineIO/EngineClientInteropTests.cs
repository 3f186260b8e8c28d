using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>The official engine.io-client (Node) against our server with an echo handler.</summary>
public sealed class EngineClientInteropTests
{
    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task Engine_io_client_echoes_and_survives_heartbeats(string mode, string finalTransport)
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            // Short interval so two pings come quickly; a long timeout so a busy machine does not fail the client.
            options.PingInterval = TimeSpan.FromMilliseconds(200);
            options.PingTimeout = TimeSpan.FromMilliseconds(2000);
        });

        var (exitCode, output) = await RunNodeAsync("engineio/echo-client.mjs", server.BaseUri.GetLeftPart(UriPartial.Authority), mode);

        Assert.True(exitCode == 0, output);
        Assert.Contains("ok " + finalTransport, output, StringComparison.Ordinal);
        var record = Assert.Single(server.Handler.Sessions.Values);
        Assert.Equal("transport close", await record.WaitClosedAsync());
        Assert.False(record.Overlapped);
        var events = record.Events;
        Assert.Equal("open", events[0]);
        Assert.Equal("close:transport close", events[^1]);
        Assert.Equal(mode == "upgrade" ? 17 : 12, events.Length);
        Assert.Equal("binary:010203FF", events[2]);
        Assert.Equal(0, server.Server.SessionCount);
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        var run = await ChildProcess.RunAsync("node", arguments, TimeSpan.FromSeconds(15), RepositoryPaths.NodePeers);
        return (run.ExitCode, run.Output + run.Error);
    }
}
