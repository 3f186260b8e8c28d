namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOHostTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task With_the_fast_path_middleware_still_sees_auth_and_the_handshake_query(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync(fastPath: true);
        var accepted = await RunAuthScenarioAsync(host, mode);

        // websocket: every handshake is taken below HTTP; default: so is each upgrade of a polling session (its WebSocket
        // carries the sid), and the client did upgrade; polling: none upgrade.
        Assert.Equal(mode == "polling" ? "polling" : "websocket", accepted.GetProperty("transport").GetString());
        Assert.Equal(0, host.HttpUpgradeRequests);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task In_the_fast_paths_pipeline_mode_every_websocket_handshake_reaches_the_http_pipeline(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync(fastPath: true, handshakesThroughPipeline: true);
        var accepted = await RunAuthScenarioAsync(host, mode);

        // websocket: both clients' handshakes; default: the accepted client's upgrade (it did upgrade), and the refused
        // one's when its client upgraded before it ended; polling: none.
        Assert.Equal(mode == "polling" ? "polling" : "websocket", accepted.GetProperty("transport").GetString());
        Assert.InRange(host.HttpUpgradeRequests, mode switch { "polling" => 0, "websocket" => 2, _ => 1 }, mode == "polling" ? 0 : 2);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task With_the_fast_path_server_disconnect_reaches_the_client(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync(fastPath: true);
        var result = await RunAsync(host, "kick", mode);

        Assert.Equal("io server disconnect", result.Single("kicked").GetProperty("reason").GetString());
        Assert.Equal("io server disconnect", result.Single("kickedAndClosed").GetProperty("reason").GetString());
        await host.WaitForReasonsAsync(2);
    }

    /// <summary>Runs the node scenario <c>auth</c>: Socket.IO middleware refuses a wrong token and sees the right one with the query; returns the accepted client's report.</summary>
    private static async Task<System.Text.Json.JsonElement> RunAuthScenarioAsync(SocketIOTestHost host, string mode)
    {
        var result = await RunAsync(host, "auth", mode);
        Assert.Equal("Not authorized", result.Single("refused").GetProperty("message").GetString());
        var accepted = result.Single("accepted");
        Assert.Equal("""{"token":"secret","extra":[1,"two"]}""", accepted.GetProperty("auth").GetRawText());
        Assert.Equal("from-the-query", accepted.GetProperty("tag").GetString());
        return accepted;
    }
}
