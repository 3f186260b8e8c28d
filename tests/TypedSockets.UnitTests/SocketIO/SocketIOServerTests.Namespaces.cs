using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task Connect_answers_a_socket_id_distinct_from_the_session_id()
    {
        var server = NewServer();
        server.Of("/");
        var session = await OpenAsync(server);
        var id = await ConnectAsync(server, session);
        Assert.NotEqual(session.Id, id);
        Assert.Equal(1, server.Sockets.SocketCount);
    }

    [Fact]
    public async Task Unknown_namespace_gets_connect_error_and_the_session_stays_usable()
    {
        var server = NewServer();
        server.Of("/");
        var session = await OpenAsync(server);
        await SendAsync(server, session, "0/nope,");
        Assert.Equal("4/nope,{\"message\":\"Invalid namespace\"}", await session.NextAsync());
        await SendAsync(server, session, "0/nope");
        Assert.Equal("4/nope,{\"message\":\"Invalid namespace\"}", await session.NextAsync());
        Assert.False(session.Closed.IsCancellationRequested);
        await ConnectAsync(server, session);
    }

    [Fact]
    public async Task Custom_namespace_accepts_connect_without_the_trailing_comma()
    {
        var server = NewServer();
        var admin = server.Of("admin");
        Assert.Equal("/admin", admin.Name);
        var session = await OpenAsync(server);
        await SendAsync(server, session, "0/admin");
        Assert.Matches("^0/admin,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}$", await session.NextAsync());
        Assert.Equal(1, admin.SocketCount);
    }

    [Fact]
    public async Task Middleware_sees_the_auth_payload_and_refuses_with_message_and_data()
    {
        var server = NewServer();
        string? seenAuth = null;
        server.Of("/").Use(socket =>
        {
            seenAuth = Text(socket.Auth);
            return ValueTask.FromResult(seenAuth.Contains("\"secret\"")
                ? null
                : new ConnectError("Not authorized", """{"code":7}"""u8.ToArray()));
        });
        var session = await OpenAsync(server);
        await SendAsync(server, session, "0{\"token\":\"wrong\"}");
        Assert.Equal("4{\"message\":\"Not authorized\",\"data\":{\"code\":7}}", await session.NextAsync());
        Assert.Equal("{\"token\":\"wrong\"}", seenAuth);
        Assert.Equal(0, server.Sockets.SocketCount);
        await ConnectAsync(server, session, auth: "{\"token\":\"secret\"}");
        Assert.Equal(1, server.Sockets.SocketCount);
    }

    [Fact]
    public async Task Auth_defaults_to_an_empty_object()
    {
        var server = NewServer();
        var auth = new TaskCompletionSource<string>();
        server.Of("/").OnConnection(socket =>
        {
            auth.TrySetResult(Text(socket.Auth));
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        Assert.Equal("{}", await auth.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_session_that_joins_no_namespace_is_closed_after_the_connect_timeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var server = NewServer(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(150), time: clock);
        server.Of("/");
        var idle = await OpenAsync(server);
        var joined = await OpenAsync(server);
        await ConnectAsync(server, joined);
        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(idle.Closed.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => idle.Closed.IsCancellationRequested);
        Assert.False(joined.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Connect_timeouts_of_sessions_opened_at_different_times_each_end_at_their_own_deadline()
    {
        // One timer serves every connection's deadline: each idle session ends exactly at its own, a session that
        // joined or closed first is left alone, and the timer goes on to the next deadline after each.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var server = NewServer(o => o.ConnectTimeout = TimeSpan.FromSeconds(10), time: clock);
        server.Of("/");
        var first = await OpenAsync(server);
        clock.Advance(TimeSpan.FromSeconds(2));
        var joined = await OpenAsync(server);
        clock.Advance(TimeSpan.FromSeconds(1));
        var closedEarly = await OpenAsync(server);
        await ConnectAsync(server, joined);
        clock.Advance(TimeSpan.FromSeconds(1));
        var last = await OpenAsync(server);
        closedEarly.Handler!.OnClose(EngineCloseReason.TransportClose);

        clock.Advance(TimeSpan.FromMilliseconds(5999));
        Assert.False(first.Closed.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => first.Closed.IsCancellationRequested);
        Assert.Equal("connect timeout", first.CloseReason);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(last.Closed.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => last.Closed.IsCancellationRequested);
        Assert.Equal("connect timeout", last.CloseReason);
        Assert.False(joined.Closed.IsCancellationRequested);
        Assert.Null(closedEarly.CloseReason);

        // A session opened once the queue ran empty gets its full timeout too.
        var later = await OpenAsync(server);
        clock.Advance(TimeSpan.FromMilliseconds(9999));
        Assert.False(later.Closed.IsCancellationRequested);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => later.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Client_disconnect_runs_the_disconnect_handler_with_socket_io_reason_and_leaves_rooms()
    {
        var server = NewServer();
        var reason = new TaskCompletionSource<string>();
        server.Of("/").OnConnection(socket =>
        {
            socket.Join("room");
            socket.OnDisconnect(r =>
            {
                reason.TrySetResult(r);
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        var id = await ConnectAsync(server, session);
        await WaitUntilAsync(() => server.Sockets.RoomCount("room") == 1);
        Assert.Equal(1, server.Sockets.RoomCount(id));
        await SendAsync(server, session, "1");
        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, await reason.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, server.Sockets.SocketCount);
        Assert.Equal(0, server.Sockets.RoomCount("room"));
        Assert.Equal(0, server.Sockets.RoomCount(id));
        Assert.False(session.Closed.IsCancellationRequested);
    }

    [Fact]
    public async Task Engine_close_disconnects_every_namespace_of_the_session_with_its_reason()
    {
        var server = NewServer();
        var reasons = new List<string>();
        foreach (var name in new[] { "/", "/admin" })
        {
            server.Of(name).OnConnection(socket =>
            {
                socket.Join("r");
                socket.OnDisconnect(r =>
                {
                    lock (reasons)
                    {
                        reasons.Add(r);
                    }

                    return ValueTask.CompletedTask;
                });
                return ValueTask.CompletedTask;
            });
        }

        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, session, "/admin");
        session.Handler!.OnClose(EngineCloseReason.PingTimeout);
        await WaitUntilAsync(() => { lock (reasons) { return reasons.Count == 2; } });
        Assert.All(reasons, r => Assert.Equal("ping timeout", r));
        Assert.Equal(0, server.Sockets.SocketCount + server.Of("/admin").SocketCount);
        Assert.Equal(0, server.Sockets.RoomCount("r") + server.Of("/admin").RoomCount("r"));
    }

    [Fact]
    public async Task Server_disconnect_sends_disconnect_and_keeps_the_session_unless_asked_to_close_it()
    {
        var server = NewServer();
        var sockets = new List<Socket>();
        server.Of("/admin").OnConnection(socket =>
        {
            lock (sockets)
            {
                sockets.Add(socket);
            }

            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        await ConnectAsync(server, session, "/admin");
        await WaitUntilAsync(() => { lock (sockets) { return sockets.Count == 1; } });
        sockets[0].Disconnect();
        Assert.Equal("1/admin,", await session.NextAsync());
        Assert.False(session.Closed.IsCancellationRequested);
        Assert.False(sockets[0].IsConnected);
        Assert.True(sockets[0].Disconnected.IsCancellationRequested);

        await ConnectAsync(server, session, "/admin");
        await WaitUntilAsync(() => { lock (sockets) { return sockets.Count == 2; } });
        sockets[1].Disconnect(close: true);
        Assert.Equal("1/admin,", await session.NextAsync());
        Assert.True(session.Closed.IsCancellationRequested);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, "the condition");
}
