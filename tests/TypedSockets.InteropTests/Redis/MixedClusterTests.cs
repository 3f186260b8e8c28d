using System.Text;
using System.Text.Json;
using TypedSockets.Redis;
using TypedSockets.Testing;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// Node socket.io nodes and TypedSockets nodes as one cluster over @socket.io/redis-adapter's protocol (see
/// <see cref="MixedCluster"/>; one cluster for the class, each test with its own event and room names).
/// </summary>
[Collection(SocketIO.SeedTourCollection.Name)]
public sealed class MixedClusterTests : IClassFixture<MixedClusterTests.Fixture>
{
    private static readonly string[] Everyone = ["n1", "n2", "t1", "t2"];
    private readonly MixedCluster _cluster;

    public MixedClusterTests(Fixture fixture)
    {
        _cluster = fixture.Cluster;
    }

    [Fact]
    public async Task Broadcasts_from_either_side_reach_every_client_once_and_in_order()
    {
        const int Count = 20;
        for (var i = 0; i < Count; i++)
        {
            _cluster.TypedSockets.Root.Emit("fromTypedSockets", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await _cluster.RunAsync("emitMany", new { @event = "fromNode", count = Count });
        foreach (var name in new[] { "fromTypedSockets", "fromNode" })
        {
            await _cluster.EventsAsync(name, Count * Everyone.Length);
        }

        // A last marker from each side: anything duplicated would have arrived before it.
        _cluster.TypedSockets.Root.Emit("marker1");
        await _cluster.RunAsync("emit", new { @event = "marker2" });
        await _cluster.EventsAsync("marker1", Everyone.Length);
        await _cluster.EventsAsync("marker2", Everyone.Length);
        foreach (var name in new[] { "fromTypedSockets", "fromNode" })
        {
            foreach (var client in Everyone)
            {
                var received = _cluster.Events(name).Where(e => Client(e) == client).Select(e => e.GetProperty("args")[0].GetInt32()).ToArray();
                Assert.Equal(Enumerable.Range(0, Count), received);
            }
        }

        Assert.DoesNotContain(_cluster.Node.Lines, e => MixedCluster.IsEvent(e, "fromTypedSockets") && Client(e) is "na" or "ta");
    }

    [Fact]
    public async Task Room_emits_and_binary_cross_both_ways_and_rooms_are_joined_wherever_the_socket_is()
    {
        // t1 joins on its own node; n2 is joined from the TypedSockets node; t2 from the Node node.
        _cluster.TypedSockets.Root.To(_cluster.Id("t1")).SocketsJoin("blue");
        _cluster.TypedSockets.Root.To(_cluster.Id("n2")).SocketsJoin("blue");
        await _cluster.RunAsync("join", new { to = _cluster.Id("t2"), room = "green" });
        await Poll.UntilAsync(async () => (await _cluster.RunAsync("fetchSockets", new { room = "blue" })).GetArrayLength() == 2, "n2 and t1 in blue", MixedCluster.Wait);
        await Poll.UntilAsync(() => Task.FromResult(_cluster.TypedSockets.Root.RoomCount("green") == 1), "t2 in green", MixedCluster.Wait);

        _cluster.TypedSockets.Root.To("blue").Emit("blueFromTs");
        await _cluster.RunAsync("emit", new { @event = "blueFromNode", to = "blue" });
        await _cluster.RunAsync("emit", new { @event = "notBlue", except = "blue" });
        _cluster.TypedSockets.Root.Emit("bytes", new byte[] { 1, 2, 255 }, static (w, bytes) => w.WriteBinary(bytes));
        await _cluster.RunAsync("emitBinary", new { @event = "nodeBytes", bytes = new[] { 7, 8 } });
        // Order holds per sender only (what Node sent crosses Redis and may come after what this node sent later),
        // so each side ends with a marker of its own: anything of that side, or a duplicate, arrived before it.
        _cluster.TypedSockets.Root.Emit("marker3");
        await _cluster.RunAsync("emit", new { @event = "marker3FromNode" });
        await _cluster.EventsAsync("marker3", 4);
        await _cluster.EventsAsync("marker3FromNode", 4);

        AssertClients(["n2", "t1"], "blueFromTs");
        AssertClients(["n2", "t1"], "blueFromNode");
        AssertClients(["n1", "t2"], "notBlue");
        AssertClients(Everyone, "bytes");
        Assert.All(_cluster.Events("bytes"), e => Assert.Equal("""[{"binary":[1,2,255]}]""", e.GetProperty("args").GetRawText()));
        AssertClients(Everyone, "nodeBytes");
        Assert.All(_cluster.Events("nodeBytes"), e => Assert.Equal("""[{"binary":[7,8]}]""", e.GetProperty("args").GetRawText()));

        _cluster.TypedSockets.Root.To(_cluster.Id("n2")).SocketsLeave("blue");
        await Poll.UntilAsync(async () => await _cluster.TypedSockets.Root.RoomCountAsync("blue") == 1, "n2 left blue", MixedCluster.Wait);
    }

    [Fact]
    public async Task Counts_and_socket_listings_span_both_kinds_of_node()
    {
        var all = Everyone.Select(_cluster.Id).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, (await _cluster.RunAsync("serverCount")).GetInt32());
        Assert.Equal(4, await _cluster.TypedSockets.Root.CountAsync());
        Assert.Equal(all, (await _cluster.TypedSockets.Root.FetchSocketIdsAsync()).Order(StringComparer.Ordinal));
        // (The adapter's allSockets() is this node's only; fetchSockets() is its cluster-wide listing.)

        var fetched = await _cluster.RunAsync("fetchSockets");
        Assert.Equal(all, fetched.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var t1 = fetched.EnumerateArray().Single(e => e.GetProperty("id").GetString() == _cluster.Id("t1"));
        Assert.Contains(_cluster.Id("t1"), t1.GetProperty("rooms").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(2, await _cluster.TypedSockets.Admin.CountAsync());
        Assert.Equal(2, (await _cluster.TypedSockets.Admin.FetchSocketIdsAsync()).Count);
    }

    [Fact]
    public async Task Broadcasts_with_acks_collect_the_answers_of_both_kinds_of_node()
    {
        var result = await _cluster.TypedSockets.Root.EmitWithAckAsync("question", 0, static (_, _) => { }, TimeSpan.FromSeconds(5));
        Assert.True(result.IsComplete);
        Assert.Equal(4, result.Recipients);
        Assert.Equal(["\"n1\"", "\"n2\"", "\"t1\"", "\"t2\""], result.Responses.Select(r => Encoding.UTF8.GetString(r.Arguments[0].Span)).Order(StringComparer.Ordinal));

        var fromNode = await _cluster.RunAsync("emitWithAck", new { @event = "question" });
        Assert.Equal(Everyone, fromNode.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Server_side_events_cross_both_ways()
    {
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _cluster.TypedSockets.Root.OnServerSideEvent("whoAreYou", json =>
        {
            heard.TrySetResult(Encoding.UTF8.GetString(json.Span));
            return ValueTask.CompletedTask;
        });
        await _cluster.RunAsync("serverSideEmit", new { @event = "whoAreYou", arg = new { from = "node" } });
        Assert.Equal("""{"from":"node"}""", await heard.Task.WaitAsync(MixedCluster.Wait));

        _cluster.TypedSockets.Root.ServerSideEmit("whoAreYou", "\"typedsockets\""u8);
        var line = await _cluster.Node.ReadAsync("serverSideEvent", MixedCluster.Wait);
        Assert.Equal("typedsockets", line.GetProperty("arg").GetString());
    }

    [Fact]
    public async Task Server_side_events_with_acks_are_answered_both_ways()
    {
        _cluster.TypedSockets.Root.OnServerSideEventWithAck("whoAreYou", static argument =>
            ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("\"typedsockets:" + JsonDocument.Parse(argument).RootElement.GetString() + "\"")));
        var fromNode = await _cluster.RunAsync("serverSideEmitWithAck", new { @event = "whoAreYou", arg = "n" });
        Assert.Equal("""["typedsockets:n"]""", fromNode.GetRawText());

        var fromTypedSockets = await _cluster.TypedSockets.Root.ServerSideEmitWithAckAsync("whoAreYou", "\"t\""u8.ToArray(), TimeSpan.FromSeconds(5));
        Assert.True(fromTypedSockets.IsComplete);
        Assert.Equal(1, fromTypedSockets.Nodes);
        Assert.Equal("\"node:t\"", Encoding.UTF8.GetString(Assert.Single(fromTypedSockets.Answers).Span));
    }

    [Fact]
    public async Task The_redis_emitter_reaches_clients_of_both_kinds_by_namespace_room_and_exception()
    {
        await _cluster.RunAsync("join", new { to = _cluster.Id("n1"), room = "red" });
        _cluster.TypedSockets.Root.To(_cluster.Id("t2")).SocketsJoin("red");
        await Poll.UntilAsync(async () => await _cluster.TypedSockets.Root.RoomCountAsync("red") == 2, "n1 and t2 in red", MixedCluster.Wait);

        await _cluster.RunAsync("emitter", new { @event = "emitted", args = new object[] { "hello", 42 } });
        await _cluster.RunAsync("emitter", new { @event = "emittedRed", to = "red" });
        await _cluster.RunAsync("emitter", new { @event = "emittedNotRed", except = "red" });
        await _cluster.RunAsync("emitter", new { @event = "emittedAdmin", nsp = "/admin" });
        await _cluster.RunAsync("emitter", new { @event = "emittedVolatile", @volatile = true });
        await _cluster.RunAsync("emitterJoin", new { to = _cluster.Id("t1"), room = "joinedByEmitter" });
        await _cluster.RunAsync("emitter", new { @event = "marker4" });
        await _cluster.EventsAsync("marker4", 4);

        AssertClients(Everyone, "emitted");
        Assert.All(_cluster.Events("emitted"), e => Assert.Equal("""["hello",42]""", e.GetProperty("args").GetRawText()));
        AssertClients(["n1", "t2"], "emittedRed");
        AssertClients(["n2", "t1"], "emittedNotRed");
        AssertClients(["na", "ta"], "emittedAdmin");
        AssertClients(Everyone, "emittedVolatile");
        Assert.Equal(1, _cluster.TypedSockets.Root.RoomCount("joinedByEmitter"));
    }

    [Fact]
    public async Task Malformed_messages_on_the_adapters_channels_are_dropped_and_the_cluster_goes_on()
    {
        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Configuration))
        {
            var subscriber = redis.GetSubscriber();
            // (Only what the Node adapter survives too: it does not guard the decoding of broadcasts.)
            foreach (var channel in new[] { "socket.io-request#/#", "socket.io-response#/#" })
            {
                var literal = StackExchange.Redis.RedisChannel.Literal(channel);
                await subscriber.PublishAsync(literal, new byte[] { 0x93, 0xa1, 0x78, 0xdd, 0xff, 0xff, 0xff, 0xff });
                await subscriber.PublishAsync(literal, "{not json");
                await subscriber.PublishAsync(literal, new byte[] { 0xc1 });
            }
        }

        _cluster.TypedSockets.Root.Emit("afterGarbage");
        await _cluster.EventsAsync("afterGarbage", 4);
        Assert.Equal(4, await _cluster.TypedSockets.Root.CountAsync());
    }

    /// <summary>Asserts who got <paramref name="eventName"/>; a failure shows every line the Node side printed.</summary>
    private void AssertClients(string[] expected, string eventName)
    {
        var actual = Clients(eventName);
        Assert.True(
            actual.SequenceEqual(expected),
            $"\"{eventName}\" reached [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]; lines so far:\n{string.Join('\n', _cluster.Node.Lines)}");
    }

    private string[] Clients(string eventName) => [.. _cluster.Events(eventName).Select(Client).Order(StringComparer.Ordinal)];

    private static string Client(JsonElement line) => line.GetProperty("client").GetString()!;

    /// <summary>One mixed cluster for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal MixedCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await MixedCluster.StartAsync();

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}
