using TypedSockets.EngineIO;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task A_recipient_whose_session_refuses_a_packet_is_logged_once_and_the_others_still_get_it()
    {
        var logs = new ListLoggerProvider();
        var server = NewServer(logs: logs);
        var peers = await ConnectPeersAsync(server, "/", 2);
        peers[0].Session.SendLimit = 0;

        Assert.Equal(1, server.Sockets.Emit("tick", "1"u8));
        Assert.Equal(1, server.Sockets.Emit("tick", "2"u8));
        Assert.Equal("2[\"tick\",1]", await peers[1].Session.NextAsync());
        Assert.Equal("2[\"tick\",2]", await peers[1].Session.NextAsync());
        Assert.True(peers[0].Session.Closed.IsCancellationRequested);
        Assert.Single(logs.Lines, l => l.EventId == 3009);

        // Engine.IO reports the close; the socket then leaves the namespace.
        peers[0].Session.Handler!.OnClose(EngineCloseReason.ForcedClose);
        Assert.Equal(1, server.Sockets.SocketCount);
        Assert.False(peers[0].Socket.IsConnected);
    }

    [Fact]
    public async Task A_slow_handler_holds_back_only_its_own_socket()
    {
        var server = NewServer(o => o.MaxPendingEvents = 2);
        var release = new TaskCompletionSource();
        var handled = 0;
        server.Of("/").OnConnection(socket =>
        {
            socket.On("slow", async _ => await release.Task);
            socket.On("fast", e =>
            {
                Interlocked.Increment(ref handled);
                e.Ack();
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var blocked = await OpenAsync(server);
        var free = await OpenAsync(server);
        await ConnectAsync(server, blocked);
        await ConnectAsync(server, free);

        await SendAsync(server, blocked, "2[\"slow\"]");
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(server, blocked, "2[\"fast\"]");
        }

        // The queue of the blocked socket is full: delivering one more waits (backpressure on that session only).
        var waiting = SendAsync(server, blocked, "21[\"fast\"]").AsTask();
        await SendAsync(server, free, "20[\"fast\"]");
        Assert.Equal("30[]", await free.NextAsync());
        Assert.False(waiting.IsCompleted);

        release.SetResult();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("31[]", await blocked.NextAsync());
        Assert.Equal(4, handled);
    }
}
