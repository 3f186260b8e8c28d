using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>
/// Connection state recovery on one node, driven by a packet-level client over real WebSockets and a fake clock:
/// the window, the caps, the middleware option, and what stays off when recovery is off.
/// </summary>
public sealed class ConnectionStateRecoveryTests
{
    private static async Task<(SocketIOServer SocketIO, EngineTestServer Server, FakeTimeProvider Clock)> StartAsync(Action<ConnectionStateRecoveryOptions>? configure = null, bool enabled = true)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SocketIOOptions();
        options.ConnectionStateRecovery.Enabled = enabled;
        configure?.Invoke(options.ConnectionStateRecovery);
        var socketIO = new SocketIOServer(options, NullLoggerFactory.Instance, clock);
        socketIO.Of("/");

        // No heartbeat within the test: moving the clock past the window must not end the sessions with a ping timeout.
        var server = await EngineTestServer.StartAsync(o => o.PingInterval = TimeSpan.FromHours(1), timeProvider: clock, handler: socketIO);
        return (socketIO, server, clock);
    }

    /// <summary>Connects, joins <c>room</c>, receives one broadcast (so the client holds an offset), then drops.</summary>
    private static async Task<RecoveryClient> ConnectReceiveAndDropAsync(SocketIOServer socketIO, EngineTestServer server)
    {
        var client = await RecoveryClient.ConnectAsync(server);
        Assert.NotNull(client.Pid);
        socketIO.Sockets.TryGetSocket(client.Sid, out var socket);
        socket!.Join("room");
        socket.Items["user"] = "alice";
        socketIO.Sockets.To("room").Emit("m", "\"before\""u8);
        Assert.Equal(["\"before\""], (await client.NextEventAsync()).Arguments);
        client.Drop();
        await Poll.UntilAsync(() => socketIO.Sockets.SocketCount == 0, "the server to see the drop");
        return client;
    }

    [Fact]
    public async Task Within_the_window_the_socket_gets_its_id_rooms_items_and_what_it_missed_once_in_order()
    {
        var (socketIO, server, clock) = await StartAsync();
        await using var _ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        var root = socketIO.Sockets;
        root.To("room").Emit("m", "\"to the room\""u8);
        root.To("elsewhere").Emit("m", "\"not for it\""u8);
        root.Emit("m", "\"to everyone\""u8);
        root.Except("room").Emit("m", "\"not for the room\""u8);
        root.To(first.Sid).Emit("m", "\"to its id\""u8);
        clock.Advance(TimeSpan.FromSeconds(119));

        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.Equal(first.Sid, second.Sid);
        Assert.Equal(first.Pid, second.Pid);
        Assert.Equal("\"to the room\"", (await second.NextEventAsync()).Arguments[0]);
        Assert.Equal("\"to everyone\"", (await second.NextEventAsync()).Arguments[0]);
        Assert.Equal("\"to its id\"", (await second.NextEventAsync()).Arguments[0]);

        // Live again, in its room, after the replay and nothing of it twice.
        root.To("room").Emit("m", "\"live\""u8);
        Assert.Equal("\"live\"", (await second.NextEventAsync()).Arguments[0]);
        root.TryGetSocket(second.Sid, out var socket);
        Assert.True(socket!.Recovered);
        Assert.Contains("room", socket.Rooms);
        Assert.Equal("alice", socket.Items["user"]);
    }

    [Fact]
    public async Task After_the_window_the_client_gets_a_new_socket()
    {
        var (socketIO, server, clock) = await StartAsync();
        await using var _ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        socketIO.Sockets.To("room").Emit("m", "\"missed\""u8);
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.NotEqual(first.Sid, second.Sid);
        Assert.NotEqual(first.Pid, second.Pid);
        socketIO.Sockets.TryGetSocket(second.Sid, out var socket);
        Assert.False(socket!.Recovered);
        Assert.DoesNotContain("room", socket.Rooms);
        Assert.False(socket.Items.ContainsKey("user"));
    }

    [Fact]
    public async Task A_session_is_taken_back_once()
    {
        var (socketIO, server, _) = await StartAsync();
        await using var __ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        using var third = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.Equal(first.Sid, second.Sid);
        Assert.NotEqual(first.Sid, third.Sid);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public async Task Missing_more_than_the_per_session_cap_is_not_recovered(int missed, bool recovered)
    {
        var (socketIO, server, _) = await StartAsync(o => o.MaxPacketsPerSession = 3);
        await using var __ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        for (var i = 0; i < missed; i++)
        {
            socketIO.Sockets.To("room").Emit("m", "\"missed\""u8);
        }

        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.Equal(recovered, second.Pid == first.Pid);
        Assert.Equal(recovered, second.Sid == first.Sid);
    }

    [Fact]
    public async Task Missing_more_bytes_than_the_per_session_cap_is_not_recovered()
    {
        var (socketIO, server, _) = await StartAsync(o => o.MaxBytesPerSession = 100);
        await using var __ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        socketIO.Sockets.To("room").Emit("m", System.Text.Encoding.UTF8.GetBytes("\"" + new string('x', 120) + "\""));

        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.NotEqual(first.Pid, second.Pid);
    }

    [Fact]
    public async Task A_packet_it_missed_that_the_total_cap_dropped_means_no_recovery()
    {
        var (socketIO, server, _) = await StartAsync(o => o.MaxPackets = 2);
        await using var __ = server;
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);

        // Three packets for other rooms push out the one it missed: the log cannot prove the replay complete.
        socketIO.Sockets.To("room").Emit("m", "\"missed\""u8);
        socketIO.Sockets.To("other").Emit("m", "\"1\""u8);
        socketIO.Sockets.To("other").Emit("m", "\"2\""u8);

        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.Equal(2, socketIO.Sockets.Recovery!.PacketCount);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task Middleware_runs_again_on_recovery_only_when_not_skipped(bool skip, int runs)
    {
        var (socketIO, server, _) = await StartAsync(o => o.SkipMiddlewares = skip);
        await using var __ = server;
        var calls = 0;
        socketIO.Sockets.Use(_ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult<ConnectError?>(null);
        });
        using var first = await ConnectReceiveAndDropAsync(socketIO, server);
        using var second = await RecoveryClient.ConnectAsync(server, first.Pid, first.LastOffset);
        Assert.Equal(first.Sid, second.Sid);
        Assert.Equal(runs, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task With_recovery_off_nothing_changes_on_the_wire()
    {
        var (socketIO, server, _) = await StartAsync(enabled: false);
        await using var __ = server;
        using var client = await RecoveryClient.ConnectAsync(server);
        Assert.Null(client.Pid);
        Assert.Null(socketIO.Sockets.Recovery);
        socketIO.Sockets.Emit("m", "\"plain\""u8);
        Assert.Equal(["\"plain\""], (await client.NextEventAsync()).Arguments);
    }
}
