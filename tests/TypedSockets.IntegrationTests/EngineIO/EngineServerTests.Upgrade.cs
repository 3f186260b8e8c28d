using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Upgrade_probe_noop_then_everything_goes_over_the_websocket()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        var session = server.Handler.Get(sid).Session!;
        var pendingPoll = await server.StartPollAsync(sid);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        await client.SendTextAsync("2probe");

        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await pendingPoll.WaitAsync(TimeSpan.FromSeconds(5)));

        // Queued during the upgrade: held back until the client sends 5, then flushed over the WebSocket.
        RecordingEngineHandler.Send(session, "during upgrade"u8, isBinary: false);
        RecordingEngineHandler.Send(session, [9, 8, 7], isBinary: true);
        var early = client.ReceiveAsync();
        await Quiet.AssertNothingArrivesWithin(early, "a message flushed over the probing WebSocket before the client sent 5", TimeSpan.FromMilliseconds(300));

        // A probing WebSocket that dies leaves the session (and what it queued) to the next attempt.
        client.Socket.Abort();
        await Assert.ThrowsAnyAsync<Exception>(() => early);
        await WaitUntilAsync(() => server.Logs.Lines.Any(line => line.EventId == 2008));
        Assert.False(server.Handler.Get(sid).Closed.Task.IsCompleted);

        using var second = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await second.SendTextAsync("2probe");
        Assert.Equal("3probe", await second.ReceiveTextAsync());
        await second.SendTextAsync("5");
        Assert.Equal("4during upgrade", await second.ReceiveTextAsync());
        Assert.Equal([9, 8, 7], (await second.ReceiveAsync()).Payload);
        await second.SendTextAsync("4hello");
        Assert.Equal("4hello", await second.ReceiveTextAsync());

        using var poll = await server.GetAsync(sid);
        await AssertErrorAsync(poll, HttpStatusCode.BadRequest, 3, "Bad request");
        using var post = await server.PostAsync(sid, "4late");
        await AssertErrorAsync(post, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.Equal(["open", "text:hello"], server.Handler.Get(sid).Events);
        Assert.Equal(1, server.Server.SessionCount);
    }

    [Fact]
    public async Task Upgrade_poll_arriving_after_the_probe_gets_a_noop()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());

        Assert.Equal("6", await server.PollAsync(sid));
        await client.SendTextAsync("5");
        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_polls_mid_upgrade_get_their_noop_at_once_on_a_clock_that_never_moves()
    {
        // Engine.IO servers end such a poll at their next 100 ms upgrade check; on this clock that check would never
        // come, so only a noop sent at once ends these polls.
        var clock = new FakeTimeProvider();
        await using var server = await EngineTestServer.StartAsync(timeProvider: clock);
        var sid = await server.OpenPollingAsync();
        var heldBeforeTheProbe = await server.StartPollAsync(sid);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await heldBeforeTheProbe.WaitAsync(TimeSpan.FromSeconds(5)));

        // The browser's next poll, sent once it had the answer of the poll before: it arrives after the 3probe.
        Assert.Equal("6", await server.PollAsync(sid).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("6", await server.PollAsync(sid).WaitAsync(TimeSpan.FromSeconds(5)));

        await client.SendTextAsync("5");
        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
        Assert.Equal(["open", "text:hello"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Upgrade_poll_sent_right_after_the_upgrade_packet_is_refused()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());

        await client.SendTextAsync("5");
        using var poll = await server.GetAsync(sid);

        await AssertErrorAsync(poll, HttpStatusCode.BadRequest, 3, "Bad request");
        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_second_websocket_for_the_same_session_is_closed()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await client.SendTextAsync("2probe");
        await client.ReceiveTextAsync();

        using (var whileProbing = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid)))
        {
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await whileProbing.ReceiveCloseAsync());
        }

        await client.SendTextAsync("5");
        using (var afterUpgrade = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid)))
        {
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await afterUpgrade.ReceiveCloseAsync());
        }

        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
        Assert.Equal(1, server.Server.SessionCount);
    }

    [Fact]
    public async Task Upgrade_not_completed_in_time_leaves_the_session_on_polling()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.UpgradeTimeout = TimeSpan.FromMilliseconds(200));
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());

        Assert.NotNull(await client.ReceiveCloseAsync());

        await server.PushAsync(sid, "4still polling");
        Assert.Equal("4still polling", await server.PollAsync(sid));
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2008);
    }

    [Fact]
    public async Task Upgrade_with_anything_but_the_probe_is_abandoned()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        await client.SendTextAsync("4too early");

        Assert.NotNull(await client.ReceiveCloseAsync());
        await server.PushAsync(sid, "4still polling");
        Assert.Equal("4still polling", await server.PollAsync(sid));
        Assert.DoesNotContain("text:too early", server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task Upgrade_server_close_after_the_probe_reaches_a_client_that_stopped_polling_on_the_websocket()
    {
        await using var server = await EngineTestServer.StartAsync();

        // Nothing queued: the close alone must still reach a client that paused polling once it had the 3probe.
        var (sid, client) = await ClosedAfterTheProbeAsync(server);
        using var _ = client;
        await client.SendTextAsync("5");

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Upgrade_server_close_after_the_probe_ends_the_next_poll_and_then_the_websocket()
    {
        await using var server = await EngineTestServer.StartAsync();
        var (sid, client) = await ClosedAfterTheProbeAsync(server);
        using var _ = client;

        // A client that polled once more learns of the close there; its 5 then finds the session gone.
        Assert.Equal("1", await server.PollAsync(sid));
        await AssertUnknownSidAsync(server, sid);
        await client.SendTextAsync("5");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
    }

    /// <summary>A polling session whose upgrade's probe was answered, then closed by the server (nothing queued).</summary>
    private static async Task<(string Sid, EngineWebSocketClient Client)> ClosedAfterTheProbeAsync(EngineTestServer server)
    {
        var sid = await server.OpenPollingAsync();
        var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        server.Handler.Get(sid).Session!.Close("closing mid-upgrade");
        Assert.Equal("forced close", await server.Handler.Get(sid).WaitClosedAsync());
        return (sid, client);
    }

    [Fact]
    public async Task Upgrade_in_progress_ends_when_the_session_closes_before_the_probe()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        server.Handler.Get(sid).Session!.Close("closing before the probe");

        Assert.NotNull(await client.ReceiveCloseAsync());
        Assert.Equal("forced close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal("1", await server.PollAsync(sid));
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Upgrade_server_close_after_the_probe_delivers_what_was_queued_over_the_websocket()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        var pendingPoll = server.PollAsync(sid);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await pendingPoll.WaitAsync(TimeSpan.FromSeconds(5)));

        // The client has stopped polling for the upgrade; these can only reach it once it sends 5.
        var session = server.Handler.Get(sid).Session!;
        RecordingEngineHandler.Send(session, "last words"u8, isBinary: false);
        session.Close("closing mid-upgrade with packets queued");
        Assert.Equal("forced close", await server.Handler.Get(sid).WaitClosedAsync());
        await client.SendTextAsync("5");

        Assert.Equal("4last words", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        await AssertUnknownSidAsync(server, sid);
    }

    [Fact]
    public async Task Server_shutdown_ends_pending_polls_and_websockets()
    {
        var server = await EngineTestServer.StartAsync();
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await client.ReceiveTextAsync();
        var poll = await server.StartPollAsync(sid);

        server.Server.Dispose();

        Assert.Equal("1", await poll.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.ReceiveCloseAsync());
        Assert.Equal(0, server.Server.SessionCount);
        Assert.All(server.Handler.Sessions.Values, record => Assert.Equal("close:server shutting down", record.Events[^1]));
        await server.DisposeAsync();
    }
}
