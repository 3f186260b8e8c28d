using System.Text.Json;
using TypedSockets.Redis;
using TypedSockets.Testing;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// <see cref="TypedSocketsEmitter"/> publishing from this test, which is not one of the servers, through a real
/// redis-server: over the native protocol to two TypedSockets nodes (socket.io-client peers from
/// tests/node/cluster-clients.mjs), and over the socket.io protocol to a mixed cluster of a Node socket.io 4.8 node
/// with @socket.io/redis-adapter and a TypedSockets node (<see cref="MixedCluster"/>).
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class EmitterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Native_protocol_emits_reach_namespaces_rooms_and_typed_clients_on_every_node()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var first = await ClusterNode.StartAsync(redis.Configuration);
        await using var second = await ClusterNode.StartAsync(redis.Configuration);
        var clients = NodeSession.Start("cluster-clients.mjs", first.BaseUrl, second.BaseUrl);
        try
        {
            var ids = (await clients.ReadAsync("ready", Wait)).GetProperty("ids");
            await using var emitter = new TypedSocketsEmitter(new RedisBackplaneOptions { Configuration = redis.Configuration });
            var heardByFirst = ServerSideEvents(first, "rebuild");
            var heardBySecond = ServerSideEvents(second, "rebuild");

            emitter.All.Emit("news", """{"n":1}"""u8);
            emitter.Of("/admin").Emit("adminNews");
            emitter.To(ids.GetProperty("c").GetString()!).SocketsJoin("vip");
            await Poll.UntilAsync(async () => await first.Root.RoomCountAsync("vip") == 1, "c in vip", Wait);
            emitter.To("vip").Emit("vipNews");
            emitter.Except("vip").Volatile.Emit("notVip", "[1,2]"u8);
            var typed = emitter.For<EmitterNewsHub, INewsClient>();
            await typed.Room("vip").Headline(new Headline("For vip", 2));
            await typed.Except("vip").Headline(new Headline("For the rest", 1));
            await Assert.ThrowsAsync<NotSupportedException>(() => typed.All.Confirm("anyone?"));

            // The marker comes after everything on the same channel: by then nothing else can still arrive.
            emitter.All.Emit("marker");
            for (var i = 0; i < 3; i++)
            {
                await clients.ReadAsync(e => IsEvent(e, "marker"), "marker", Wait);
            }

            Assert.Equal(["a", "b", "c"], Clients(clients, "news"));
            Assert.All(Events(clients, "news"), e => Assert.Equal("""[{"n":1}]""", e.GetProperty("args").GetRawText()));
            Assert.Equal(["d"], Clients(clients, "adminNews"));
            Assert.Equal(["c"], Clients(clients, "vipNews"));
            Assert.Equal(["a", "b"], Clients(clients, "notVip"));
            Assert.Equal(["a", "b", "c"], Clients(clients, "headline"));
            Assert.Equal("""[{"title":"For vip","priority":2}]""", Single(clients, "headline", "c"));
            Assert.Equal("""[{"title":"For the rest","priority":1}]""", Single(clients, "headline", "a"));
            Assert.Empty(Events(clients, "confirm"));

            // A server-side event reaches every node; rooms do not apply to it.
            emitter.All.ServerSideEmit("rebuild", """{"index":"news"}"""u8);
            Assert.Equal("""{"index":"news"}""", await heardByFirst.WaitAsync(Wait));
            Assert.Equal("""{"index":"news"}""", await heardBySecond.WaitAsync(Wait));
            Assert.Throws<InvalidOperationException>(() => emitter.To("vip").ServerSideEmit("rebuild"));

            // SocketsLeave, the way SocketsJoin came.
            emitter.To(ids.GetProperty("c").GetString()!).SocketsLeave("vip");
            await Poll.UntilAsync(async () => await first.Root.RoomCountAsync("vip") == 0, "c left vip", Wait);
        }
        finally
        {
            clients.EndInput();
            await clients.DisposeAsync();
        }
    }

    [Fact]
    public async Task SocketIO_protocol_emits_reach_clients_of_Node_and_TypedSockets_nodes()
    {
        await using var cluster = await MixedCluster.StartAsync();
        await using var emitter = new TypedSocketsEmitter(new RedisBackplaneOptions
        {
            Configuration = cluster.Redis.Configuration,
            Protocol = RedisBackplaneProtocol.SocketIO,
        });

        emitter.All.Emit("news", """{"n":1}"""u8);
        emitter.Of("/admin").Emit("adminNews");
        emitter.To(cluster.Id("n1")).SocketsJoin("vip");
        emitter.To(cluster.Id("t2")).SocketsJoin("vip");
        await Poll.UntilAsync(async () => (await cluster.RunAsync("fetchSockets", new { room = "vip" })).GetArrayLength() == 2, "n1 and t2 in vip", Wait);
        emitter.To("vip").Emit("vipNews");
        emitter.Except("vip").Volatile.Emit("notVip", "[1,2]"u8);
        emitter.Of("/").To("vip").To("nobody").Emit("vipOrNobody");
        var typed = emitter.For<EmitterNewsHub, INewsClient>();
        await typed.Room("vip").Headline(new Headline("For vip", 2));
        emitter.All.Emit("marker");
        await cluster.EventsAsync("marker", 4);

        Assert.Equal(["n1", "n2", "t1", "t2"], Clients(cluster, "news"));
        Assert.Equal(["na", "ta"], Clients(cluster, "adminNews"));
        Assert.Equal(["n1", "t2"], Clients(cluster, "vipNews"));
        Assert.Equal(["n2", "t1"], Clients(cluster, "notVip"));
        Assert.All(cluster.Events("notVip"), e => Assert.Equal("[[1,2]]", e.GetProperty("args").GetRawText()));
        Assert.Equal(["n1", "t2"], Clients(cluster, "vipOrNobody"));
        Assert.Equal(["n1", "t2"], Clients(cluster, "headline"));
        Assert.All(cluster.Events("headline"), e => Assert.Equal("""[{"title":"For vip","priority":2}]""", e.GetProperty("args").GetRawText()));

        // Commands travel on the request channel, answered by every node of either kind.
        emitter.To(cluster.Id("n2")).DisconnectSockets();
        emitter.To(cluster.Id("t1")).DisconnectSockets();
        var first = await cluster.Node.ReadAsync(e => e.GetProperty("kind").GetString() == "disconnected", "disconnected", Wait);
        var second = await cluster.Node.ReadAsync(e => e.GetProperty("kind").GetString() == "disconnected", "disconnected", Wait);
        Assert.Equal(["n2", "t1"], new[] { first, second }.Select(e => e.GetProperty("client").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(new[] { first, second }, e => Assert.Equal("io server disconnect", e.GetProperty("reason").GetString()));

        // A server-side event on the request channel: the Node node's io.on listener and the TypedSockets node's handler.
        var heard = ServerSideEvents(cluster.TypedSockets, "whoAreYou");
        emitter.All.ServerSideEmit("whoAreYou", "\"emitter\""u8);
        Assert.Equal("\"emitter\"", await heard.WaitAsync(Wait));
        var line = await cluster.Node.ReadAsync("serverSideEvent", Wait);
        Assert.Equal("emitter", line.GetProperty("arg").GetString());

        emitter.To(cluster.Id("t2")).SocketsLeave("vip");
        await Poll.UntilAsync(async () => (await cluster.RunAsync("fetchSockets", new { room = "vip" })).GetArrayLength() == 1, "t2 left vip", Wait);
    }

    /// <summary>The argument of the first server-side event <paramref name="eventName"/> the node's main namespace gets.</summary>
    private static Task<string> ServerSideEvents(ClusterNode node, string eventName)
    {
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Root.OnServerSideEvent(eventName, json =>
        {
            heard.TrySetResult(System.Text.Encoding.UTF8.GetString(json.Span));
            return ValueTask.CompletedTask;
        });
        return heard.Task;
    }

    private static bool IsEvent(JsonElement line, string name) =>
        line.GetProperty("kind").GetString() == "event" && line.GetProperty("event").GetString() == name;

    private static List<JsonElement> Events(NodeSession session, string name) => [.. session.Lines.Where(e => IsEvent(e, name))];

    private static string[] Clients(NodeSession session, string name) =>
        [.. Events(session, name).Select(e => e.GetProperty("client").GetString()!).Order(StringComparer.Ordinal)];

    private static string[] Clients(MixedCluster cluster, string name) =>
        [.. cluster.Events(name).Select(e => e.GetProperty("client").GetString()!).Order(StringComparer.Ordinal)];

    private static string Single(NodeSession session, string name, string client) =>
        Events(session, name).Single(e => e.GetProperty("client").GetString() == client).GetProperty("args").GetRawText();
}
