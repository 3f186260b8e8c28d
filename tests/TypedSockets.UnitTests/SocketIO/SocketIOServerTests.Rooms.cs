using System.Collections.Concurrent;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    private sealed record Peer(TestEngineSession Session, Socket Socket);

    private static async Task<Peer[]> ConnectPeersAsync(SocketIOServer server, string nsp, int count)
    {
        var sockets = new ConcurrentDictionary<string, Socket>();
        server.Of(nsp).OnConnection(socket =>
        {
            sockets[socket.Id] = socket;
            return ValueTask.CompletedTask;
        });
        var peers = new Peer[count];
        for (var i = 0; i < count; i++)
        {
            var session = await OpenAsync(server);
            var id = await ConnectAsync(server, session, nsp);
            await WaitUntilAsync(() => sockets.ContainsKey(id));
            peers[i] = new Peer(session, sockets[id]);
        }

        return peers;
    }

    [Fact]
    public async Task Room_broadcasts_reach_members_only_and_once()
    {
        var server = NewServer();
        var peers = await ConnectPeersAsync(server, "/", 4);
        peers[0].Socket.Join("a");
        peers[1].Socket.Join("a");
        peers[1].Socket.Join("b");
        peers[2].Socket.Join("b");
        Assert.Equal(2, server.Sockets.RoomCount("a"));

        Assert.Equal(3, server.Sockets.To("a").To("b").Emit("m", "1"u8));
        foreach (var peer in peers[..3])
        {
            Assert.Equal("2[\"m\",1]", await peer.Session.NextAsync());
        }

        Assert.Equal(1, server.Sockets.To("a").To("b").Except("a").Emit("m", "2"u8));
        Assert.Equal(2, server.Sockets.Except("b").Emit("m", "3"u8));
        Assert.Equal(3, peers[1].Socket.Broadcast.Emit("m", "4"u8));
        Assert.Equal(1, peers[1].Socket.To("a").Emit("m", "5"u8));
        Assert.Equal(1, server.Sockets.To(peers[3].Socket.Id).Emit("m", "6"u8));

        Assert.Equal("2[\"m\",2]", await peers[2].Session.NextAsync());
        Assert.Equal("2[\"m\",3]", await peers[0].Session.NextAsync());
        Assert.Equal("2[\"m\",3]", await peers[3].Session.NextAsync());
        Assert.Equal("2[\"m\",4]", await peers[0].Session.NextAsync());
        Assert.Equal("2[\"m\",4]", await peers[2].Session.NextAsync());
        Assert.Equal("2[\"m\",4]", await peers[3].Session.NextAsync());
        Assert.Equal("2[\"m\",5]", await peers[0].Session.NextAsync());
        Assert.Equal("2[\"m\",6]", await peers[3].Session.NextAsync());
        foreach (var peer in peers)
        {
            await peer.Session.AssertQuietAsync();
        }

        peers[0].Socket.Leave("a");
        Assert.Equal(1, server.Sockets.RoomCount("a"));
        peers[1].Socket.Disconnect();
        Assert.Equal(0, server.Sockets.RoomCount("a"));
        Assert.Equal(1, server.Sockets.RoomCount("b"));
        Assert.Equal(3, server.Sockets.SocketCount);
    }

    [Fact]
    public async Task Namespaces_do_not_hear_each_other()
    {
        var server = NewServer();
        var main = await ConnectPeersAsync(server, "/", 1);
        var other = await ConnectPeersAsync(server, "/other", 1);
        main[0].Socket.Join("r");
        other[0].Socket.Join("r");
        Assert.Equal(1, server.Of("/other").Emit("s", "{}"u8));
        Assert.Equal(1, server.Sockets.To("r").Emit("s", "[]"u8));
        Assert.Equal("2/other,[\"s\",{}]", await other[0].Session.NextAsync());
        Assert.Equal("2[\"s\",[]]", await main[0].Session.NextAsync());
        await main[0].Session.AssertQuietAsync();
        await other[0].Session.AssertQuietAsync();
    }

    [Fact]
    public async Task Broadcast_with_ack_collects_answers_and_reports_missing_ones()
    {
        var server = NewServer();
        var peers = await ConnectPeersAsync(server, "/", 3);
        var pending = server.Sockets.EmitWithAckAsync("poll", 0, static (_, _) => { }, TimeSpan.FromMilliseconds(500));
        var texts = new List<string>();
        foreach (var peer in peers)
        {
            texts.Add(await peer.Session.NextAsync());
        }

        Assert.All(texts, t => Assert.Equal(texts[0], t));
        var id = texts[0][1..texts[0].IndexOf('[')];
        await SendAsync(server, peers[0].Session, $"3{id}[\"a\"]");
        await SendAsync(server, peers[1].Session, $"3{id}[\"b\"]");
        var result = await pending;
        Assert.Equal(3, result.Recipients);
        Assert.False(result.IsComplete);
        Assert.Equal(["\"a\"", "\"b\""], result.Responses.Select(r => Text(r.Arguments[0])).Order());

        var all = server.Sockets.EmitWithAckAsync("poll", 0, static (_, _) => { }, TimeSpan.FromSeconds(5));
        foreach (var peer in peers)
        {
            var text = await peer.Session.NextAsync();
            await SendAsync(server, peer.Session, "3" + text[1..text.IndexOf('[')] + "[]");
        }

        var complete = await all;
        Assert.True(complete.IsComplete);
        Assert.Equal(3, complete.Responses.Count);
    }
}
