using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>The JSON nesting depth of a packet and the rooms per socket: the limits an operator sets on SocketIOOptions.</summary>
public sealed partial class SocketIOServerTests
{
    // An event whose one argument nests `levels` arrays: the packet's own array is one level more.
    private static string Nested(int levels) => "2[\"deep\"," + new string('[', levels) + new string(']', levels) + "]";

    [Theory]
    [InlineData(64, 63, false)]
    [InlineData(64, 64, true)]
    [InlineData(100, 99, false)]
    [InlineData(100, 100, true)]
    [InlineData(8, 8, true)]
    public async Task A_packet_nested_past_MaxJsonDepth_closes_only_that_session(int maxDepth, int argumentLevels, bool closes)
    {
        var server = NewServer(o => o.MaxJsonDepth = maxDepth);
        var delivered = 0;
        server.Of("/").OnConnection(socket =>
        {
            socket.On("deep", _ =>
            {
                Interlocked.Increment(ref delivered);
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        var session = await OpenAsync(server);
        var other = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, other);

        await SendAsync(server, session, Nested(argumentLevels));

        Assert.Equal(closes, session.Closed.IsCancellationRequested);
        Assert.False(other.Closed.IsCancellationRequested);
        if (closes)
        {
            Assert.Equal("parse error", session.CloseReason);
        }
        else
        {
            await WaitUntilAsync(() => Volatile.Read(ref delivered) == 1);
        }
    }

    [Theory]
    [InlineData(4, 3, false)]
    [InlineData(4, 4, true)]
    public async Task The_auth_object_of_a_CONNECT_is_held_to_MaxJsonDepth_as_well(int maxDepth, int innerLevels, bool refused)
    {
        var server = NewServer(o => o.MaxJsonDepth = maxDepth);
        server.Of("/");
        var session = await OpenAsync(server);

        // {"a":[[…]]}: the object is one level, each array one more.
        await SendAsync(server, session, "0{\"a\":" + new string('[', innerLevels) + new string(']', innerLevels) + "}");

        Assert.Equal(refused, session.Closed.IsCancellationRequested);
    }

    [Fact]
    public void MaxJsonDepth_defaults_to_64_and_is_checked_at_construction()
    {
        Assert.Equal(64, new SocketIOOptions().MaxJsonDepth);
        Assert.Throws<ArgumentException>(() => NewServer(o => o.MaxJsonDepth = 0));
        Assert.Throws<ArgumentException>(() => NewServer(o => o.MaxJsonDepth = 1001));
        Assert.Throws<ArgumentException>(() => NewServer(o => o.MaxRoomsPerSocket = -1));
    }

    [Fact]
    public async Task Joining_past_MaxRoomsPerSocket_throws_and_leaves_the_socket_where_it_was()
    {
        var server = NewServer(o => o.MaxRoomsPerSocket = 2);
        var peers = await ConnectPeersAsync(server, "/", 2);
        var socket = peers[0].Socket;
        socket.Join("a");
        socket.Join("b");

        var refused = Assert.Throws<RoomLimitExceededException>(() => socket.Join("c"));
        Assert.Equal("c", refused.Room);
        Assert.Equal(2, refused.Limit);
        Assert.Equal("Room limit reached: a connection may be in at most 2 rooms.", refused.Message);
        Assert.Equal(0, server.Sockets.RoomCount("c"));

        // A room it is in already, and its own room, are no new rooms; leaving one makes room for another.
        socket.Join("a");
        socket.Join(socket.Id);
        socket.Leave("b");
        socket.Join("c");
        Assert.Equal(1, server.Sockets.RoomCount("c"));

        // The limit is per socket: the other one joins freely.
        peers[1].Socket.Join("a");
        peers[1].Socket.Join("b");
    }

    [Fact]
    public async Task A_bulk_join_skips_the_sockets_at_their_limit_and_joins_the_others()
    {
        var server = NewServer(o => o.MaxRoomsPerSocket = 1);
        var peers = await ConnectPeersAsync(server, "/", 3);
        peers[0].Socket.Join("full");

        server.Sockets.SocketsJoin("everyone");

        Assert.Equal(2, server.Sockets.RoomCount("everyone"));
        Assert.Equal(1, server.Sockets.RoomCount("full"));
    }

    [Fact]
    public async Task The_room_limit_defaults_to_1000_and_zero_turns_it_off()
    {
        Assert.Equal(1000, new SocketIOOptions().MaxRoomsPerSocket);
        var limited = (await ConnectPeersAsync(NewServer(), "/", 1))[0].Socket;
        for (var i = 0; i < 1000; i++)
        {
            limited.Join("r" + i);
        }

        Assert.Throws<RoomLimitExceededException>(() => limited.Join("one more"));

        var unlimited = (await ConnectPeersAsync(NewServer(o => o.MaxRoomsPerSocket = 0), "/", 1))[0].Socket;
        for (var i = 0; i < 1500; i++)
        {
            unlimited.Join("r" + i);
        }

        Assert.Equal(1501, unlimited.Rooms.Count);
    }

    [Fact]
    public async Task A_connection_joins_each_declared_namespace_at_most_once_and_creates_none()
    {
        // The namespaces per connection are bounded by the namespaces the server declared: no dynamic namespaces.
        var server = NewServer();
        server.Of("/");
        server.Of("/a");
        var session = await OpenAsync(server);
        await ConnectAsync(server, session);
        await ConnectAsync(server, session, "/a");
        for (var i = 0; i < 50; i++)
        {
            await SendAsync(server, session, $"0/n{i},");
            Assert.Equal($"4/n{i},{{\"message\":\"Invalid namespace\"}}", await session.NextAsync());
        }

        Assert.Equal(2, server.Namespaces.Count);
        Assert.False(session.Closed.IsCancellationRequested);

        // A second CONNECT to a namespace it is in already is a protocol error.
        await SendAsync(server, session, "0/a,");
        Assert.True(session.Closed.IsCancellationRequested);
        Assert.Equal("parse error", session.CloseReason);
    }
}
