using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// A session that never joins a namespace ends at the connect timeout, not a ping timeout later. The connect timeout
/// (10 s) comes before the first heartbeat (25 s), so only it can end the session here.
/// </summary>
public sealed class ConnectTimeoutTests
{
    [Fact]
    public async Task A_polling_session_that_never_connects_is_forgotten_at_the_connect_timeout()
    {
        var clock = new FakeTimeProvider();
        var socketIO = new SocketIOServer(new SocketIOOptions { ConnectTimeout = TimeSpan.FromSeconds(10) }, NullLoggerFactory.Instance, clock);
        socketIO.Of("/");
        await using var server = await EngineTestServer.StartAsync(timeProvider: clock, handler: socketIO);
        var idle = await server.OpenPollingAsync();

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, server.Server.SessionCount);

        clock.Advance(TimeSpan.FromSeconds(1));

        // Gone at once: its sid is unknown to the very next poll, with no close packet kept for it until the ping
        // timeout (20 s) expires.
        await Poll.UntilAsync(() => server.Server.SessionCount == 0, "the idle session to end");
        using var poll = await server.GetAsync(idle);
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
    }

    [Fact]
    public async Task A_waiting_poll_of_a_session_that_never_connects_gets_the_close_packet()
    {
        var clock = new FakeTimeProvider();
        var socketIO = new SocketIOServer(new SocketIOOptions { ConnectTimeout = TimeSpan.FromSeconds(10) }, NullLoggerFactory.Instance, clock);
        socketIO.Of("/");
        await using var server = await EngineTestServer.StartAsync(timeProvider: clock, handler: socketIO);
        var idle = await server.OpenPollingAsync();
        var poll = await server.StartPollAsync(idle);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("1", await poll);
        using var next = await server.GetAsync(idle);
        Assert.Equal(HttpStatusCode.BadRequest, next.StatusCode);
    }
}
