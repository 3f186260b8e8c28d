using System.Text;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Server keep-alive on a fake clock: pings at the interval, a silent peer is dropped at the timeout.</summary>
public sealed class KeepAliveTests : IAsyncLifetime
{
    // Each test gets its own host, so the fake clock is advanced for one connection only.
    private readonly EchoHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_peer_answering_pings_stays_connected()
    {
        await using var client = await OpenAsync();
        // Each round ends exactly at a ping; the next one passes that ping's 5 s timeout, answered.
        for (var round = 0; round < 3; round++)
        {
            _host.Clock.Advance(TimeSpan.FromSeconds(10));
            var ping = await client.ReadFrameAsync();
            Assert.Equal(0x9, ping.Opcode);
            await client.SendHexAsync("8a 80 00 00 00 00");

            // Let the server read the pong before the clock passes the timeout.
            await client.SendHexAsync("81 81 00 00 00 00 21");
            Assert.Equal("!", Encoding.ASCII.GetString((await client.ReadFrameAsync()).Payload));
        }

        await client.SendHexAsync("81 82 00 00 00 00 6f 6b");
        Assert.Equal("ok", Encoding.ASCII.GetString((await client.ReadFrameAsync()).Payload));
    }

    [Fact]
    public async Task A_silent_peer_is_dropped_when_the_timeout_passes()
    {
        await using var client = await OpenAsync();
        _host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0x9, (await client.ReadFrameAsync()).Opcode);
        _host.Clock.Advance(TimeSpan.FromSeconds(4));
        await client.SendHexAsync("81 81 00 00 00 00 21");
        Assert.Equal("!", Encoding.ASCII.GetString((await client.ReadFrameAsync()).Payload));
        _host.Clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<IOException>(async () => await client.ReadFrameAsync());
        Assert.Contains(_host.Logs.Lines, line => line.EventId == 1002);
    }

    /// <summary>
    /// Connects and waits for one echo: the server starts its keep-alive clock after the 101 went out, so the fake
    /// clock may only be advanced once the server has answered on the connection.
    /// </summary>
    private async Task<RawWebSocketClient> OpenAsync()
    {
        var client = await RawWebSocketClient.OpenAsync(_host.Port, "/fakeclock");
        await client.SendHexAsync("81 81 00 00 00 00 21");
        Assert.Equal("!", Encoding.ASCII.GetString((await client.ReadFrameAsync()).Payload));
        return client;
    }
}
