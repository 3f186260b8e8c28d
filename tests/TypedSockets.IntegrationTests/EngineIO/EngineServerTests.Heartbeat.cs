using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task Heartbeat_pings_every_interval_over_polling_in_real_time()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(200);
            options.PingTimeout = TimeSpan.FromMilliseconds(2000);
        });
        var sid = await server.OpenPollingAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await server.PollAsync(sid));
            await server.PushAsync(sid, "3");
        }

        Assert.False(server.Handler.Get(sid).Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task Heartbeat_without_pong_closes_with_ping_timeout_in_real_time()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(150);
            options.PingTimeout = TimeSpan.FromMilliseconds(300);
        });
        var sid = await server.OpenPollingAsync();
        var other = await server.OpenPollingAsync();
        var keepAlive = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("2", await server.PollAsync(other));
                await server.PushAsync(other, "3");
            }
        });

        Assert.Equal("ping timeout", await server.Handler.Get(sid).WaitClosedAsync());
        await AssertUnknownSidAsync(server, sid);
        await keepAlive.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(server.Handler.Get(other).Closed.Task.IsCompleted);
    }

    [Fact]
    public async Task Heartbeat_follows_the_injected_clock()
    {
        var clock = new FakeTimeProvider();
        await using var server = await EngineTestServer.StartAsync(
            options =>
            {
                options.PingInterval = TimeSpan.FromSeconds(25);
                options.PingTimeout = TimeSpan.FromSeconds(20);
            },
            clock);
        var sid = await server.OpenPollingAsync();
        var record = server.Handler.Get(sid);

        var poll = await server.StartPollAsync(sid);
        clock.Advance(TimeSpan.FromSeconds(24));
        await Quiet.AssertNothingArrivesWithin(poll, "a ping before the interval");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("2", await poll.WaitAsync(TimeSpan.FromSeconds(5)));

        // The pong re-arms the interval, so 20 s more is no timeout; the next ping comes 25 s after the pong.
        clock.Advance(TimeSpan.FromSeconds(10));
        await server.PushAsync(sid, "3");
        poll = await server.StartPollAsync(sid);
        clock.Advance(TimeSpan.FromSeconds(20));
        await Quiet.AssertNothingArrivesWithin(Task.WhenAny(record.Closed.Task, poll), "a ping or a close before the re-armed interval");
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("2", await poll.WaitAsync(TimeSpan.FromSeconds(5)));

        clock.Advance(TimeSpan.FromSeconds(19));
        await Quiet.AssertNothingArrivesWithin(record.Closed.Task, "a close before the ping timeout");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ping timeout", await record.WaitClosedAsync());
        using var response = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
