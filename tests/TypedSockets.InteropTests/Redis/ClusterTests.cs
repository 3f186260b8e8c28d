using System.Text;
using System.Text.Json;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// Two nodes in this process joined by a real redis-server, with socket.io-client peers a (node 0), b and c
/// (node 1) in namespace <c>/</c> and d (node 1) in <c>/admin</c> from tests/node/cluster-clients.mjs: the cluster
/// operations of the low-level API.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed class ClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private RedisServerProcess _redis = null!;
    private ClusterNode _first = null!;
    private ClusterNode _second = null!;
    private NodeSession _clients = null!;
    private JsonElement _ids;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _first = await ClusterNode.StartAsync(_redis.Configuration);
        _second = await ClusterNode.StartAsync(_redis.Configuration);
        _clients = NodeSession.Start("cluster-clients.mjs", _first.BaseUrl, _second.BaseUrl);
        _ids = (await _clients.ReadAsync("ready", Wait)).GetProperty("ids");
    }

    public async Task DisposeAsync()
    {
        _clients.EndInput();
        await _clients.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task An_emit_to_a_socket_id_reaches_that_socket_on_another_node_only()
    {
        _first.Root.To(Id("c")).Emit("direct", """{"to":"c"}"""u8);
        var direct = await _clients.ReadAsync(e => IsEvent(e, "direct"), "direct", Wait);
        Assert.Equal("c", direct.GetProperty("client").GetString());
        Assert.Equal("""[{"to":"c"}]""", direct.GetProperty("args").GetRawText());

        // Everyone gets the marker after the direct emit: by then a and b would have had it too.
        _first.Root.Emit("marker");
        for (var i = 0; i < 3; i++)
        {
            await _clients.ReadAsync(e => IsEvent(e, "marker"), "marker", Wait);
        }

        Assert.Single(_clients.Lines, e => IsEvent(e, "direct"));
    }

    [Fact]
    public async Task A_broadcast_with_acks_collects_the_answers_of_every_node()
    {
        var result = await _first.Root.EmitWithAckAsync("question", 0, static (_, _) => { }, TimeSpan.FromSeconds(5));

        Assert.True(result.IsComplete);
        Assert.Equal(3, result.Recipients);
        var answers = result.Responses.Select(r => (r.SocketId, Encoding.UTF8.GetString(r.Arguments[0].Span))).OrderBy(r => r.Item2).ToArray();
        Assert.Equal([(Id("a"), "\"a\""), (Id("b"), "\"b\""), (Id("c"), "\"c\"")], answers);
    }

    [Fact]
    public async Task A_broadcast_with_acks_reports_a_timeout_with_the_answers_it_got()
    {
        var result = await _second.Root.EmitWithAckAsync("slowQuestion", 0, static (_, _) => { }, TimeSpan.FromSeconds(1));

        // c (on the sending node) never answers; a answers from the other node.
        Assert.False(result.IsComplete);
        Assert.Equal(3, result.Recipients);
        Assert.Equal(Sorted(Id("a"), Id("b")), Sorted([.. result.Responses.Select(r => r.SocketId)]));
    }

    [Fact]
    public async Task Sockets_join_leave_and_disconnect_wherever_they_are_and_counts_follow()
    {
        await Eventually(async () => await _first.Root.CountAsync() == 3 && await _second.Root.CountAsync() == 3, "3 sockets counted by both nodes");

        _first.Root.To(Id("c")).SocketsJoin("vip");
        await Eventually(async () => await _first.Root.RoomCountAsync("vip") == 1, "c in vip, seen from node 0");
        Assert.Equal([Id("c")], await _first.Root.FetchSocketIdsAsync("vip"));
        _first.Root.To("vip").Emit("vipNews");
        Assert.Equal("c", (await _clients.ReadAsync(e => IsEvent(e, "vipNews"), "vipNews", Wait)).GetProperty("client").GetString());

        _second.Root.SocketsJoin("everyone");
        await Eventually(async () => await _first.Root.RoomCountAsync("everyone") == 3, "everyone joined");
        _first.Root.To(Id("c")).SocketsLeave("vip");
        await Eventually(async () => await _second.Root.RoomCountAsync("vip") == 0, "c left vip");

        _first.Root.To(Id("b")).DisconnectSockets();
        var disconnected = await _clients.ReadAsync(e => e.GetProperty("kind").GetString() == "disconnected", "disconnected", Wait);
        Assert.Equal("b", disconnected.GetProperty("client").GetString());
        Assert.Equal("io server disconnect", disconnected.GetProperty("reason").GetString());
        await Eventually(async () => await _first.Root.CountAsync() == 2 && await _first.Root.RoomCountAsync("everyone") == 2, "b gone from the counts");
        Assert.Equal(Sorted(Id("a"), Id("c")), Sorted([.. await _second.Root.FetchSocketIdsAsync()]));
    }

    [Fact]
    public async Task Binary_broadcasts_and_acks_of_a_custom_namespace_cross_nodes_and_stay_in_it()
    {
        _first.Admin.Emit("adminNews", new byte[] { 1, 2, 255 }, static (w, bytes) => w.WriteBinary(bytes));
        var news = await _clients.ReadAsync(e => IsEvent(e, "adminNews"), "adminNews", Wait);
        Assert.Equal("d", news.GetProperty("client").GetString());
        Assert.Equal("""[{"type":"Buffer","data":[1,2,255]}]""", news.GetProperty("args").GetRawText());

        // The ack id of node 0 is replaced by one of node 1 behind the "/admin," prefix.
        var result = await _first.Admin.EmitWithAckAsync("question", 0, static (_, _) => { }, TimeSpan.FromSeconds(5));
        Assert.True(result.IsComplete);
        Assert.Equal(Id("d"), Assert.Single(result.Responses).SocketId);
        Assert.Equal("\"d\"", Encoding.UTF8.GetString(result.Responses[0].Arguments[0].Span));
        Assert.Equal(1, await _first.Admin.CountAsync());
        Assert.Equal(3, await _first.Root.CountAsync());
        Assert.DoesNotContain(_clients.Lines, e => IsEvent(e, "adminNews") && e.GetProperty("client").GetString() != "d");
    }

    [Fact]
    public async Task A_malformed_message_on_a_channel_is_dropped_and_the_node_goes_on()
    {
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.Configuration))
        {
            var channel = StackExchange.Redis.RedisChannel.Literal("typedsockets#ns#/");
            await redis.GetSubscriber().PublishAsync(channel, new byte[] { 1, 255, 255, 255, 127, 0 });
            await redis.GetSubscriber().PublishAsync(channel, "not an envelope at all");
        }

        _first.Root.To(Id("c")).Emit("direct");
        Assert.Equal("c", (await _clients.ReadAsync(e => IsEvent(e, "direct"), "direct", Wait)).GetProperty("client").GetString());
    }

    [Fact]
    public async Task Server_side_events_reach_the_other_nodes_not_the_sender()
    {
        var heardBySecond = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardByFirst = false;
        _second.Root.OnServerSideEvent("hello", json =>
        {
            heardBySecond.TrySetResult(Encoding.UTF8.GetString(json.Span));
            return ValueTask.CompletedTask;
        });
        _first.Root.OnServerSideEvent("hello", _ =>
        {
            heardByFirst = true;
            return ValueTask.CompletedTask;
        });

        _first.Root.ServerSideEmit("hello", """{"from":"first"}"""u8);

        Assert.Equal("""{"from":"first"}""", await heardBySecond.Task.WaitAsync(Wait));
        // The marker round trip through the namespace channel proves the sender's own copy was seen and skipped.
        _first.Root.Emit("marker");
        await _clients.ReadAsync(e => IsEvent(e, "marker") && e.GetProperty("client").GetString() == "b", "marker", Wait);
        Assert.False(heardByFirst);
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static bool IsEvent(JsonElement line, string name) =>
        line.GetProperty("kind").GetString() == "event" && line.GetProperty("event").GetString() == name;

    private static Task Eventually(Func<Task<bool>> condition, string what) => Poll.UntilAsync(condition, what, Wait);

    private string Id(string client) => _ids.GetProperty(client).GetString()!;
}
