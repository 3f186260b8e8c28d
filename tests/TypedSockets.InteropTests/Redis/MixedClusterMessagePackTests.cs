using System.Text;
using System.Text.Json;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// The mixed cluster of <see cref="MixedCluster"/> with every server and client on socket.io-msgpack-parser: the Node
/// node created with <c>parser</c>, the TypedSockets node with <c>SocketIO:Parser = MessagePack</c>.
/// </summary>
[Collection(SocketIO.SeedTourCollection.Name)]
public sealed class MixedClusterMessagePackTests : IClassFixture<MixedClusterMessagePackTests.Fixture>
{
    private static readonly string[] Everyone = ["n1", "n2", "t1", "t2"];
    private readonly MixedCluster _cluster;

    public MixedClusterMessagePackTests(Fixture fixture)
    {
        _cluster = fixture.Cluster;
    }

    [Fact]
    public async Task Msgpack_clients_on_both_kinds_of_node_receive_broadcasts_and_binary_from_both_sides()
    {
        _cluster.TypedSockets.Root.Emit("fromTypedSockets", Encoding.UTF8.GetBytes("1"));
        _cluster.TypedSockets.Root.Emit("bytes", new byte[] { 1, 2, 255 }, static (w, bytes) => w.WriteBinary(bytes));
        await _cluster.RunAsync("emit", new { @event = "fromNode", args = new object[] { "two", 3 } });
        await _cluster.RunAsync("emitBinary", new { @event = "nodeBytes", bytes = new[] { 7, 8 } });

        // Order holds per sender only: what Node sent crosses Redis and may come after what this node sent later.
        foreach (var eventName in (string[])["fromTypedSockets", "bytes", "fromNode", "nodeBytes"])
        {
            await _cluster.EventsAsync(eventName, Everyone.Length);
        }

        Assert.Equal(Everyone, Clients("fromTypedSockets"));
        Assert.All(_cluster.Events("fromTypedSockets"), e => Assert.Equal(1, e.GetProperty("args")[0].GetInt32()));
        Assert.Equal(Everyone, Clients("fromNode"));
        Assert.All(_cluster.Events("fromNode"), e => Assert.Equal("""["two",3]""", e.GetProperty("args").GetRawText()));
        Assert.Equal(Everyone, Clients("bytes"));
        Assert.All(_cluster.Events("bytes"), e => Assert.Equal("""[{"binary":[1,2,255]}]""", e.GetProperty("args").GetRawText()));
        Assert.Equal(Everyone, Clients("nodeBytes"));
        Assert.All(_cluster.Events("nodeBytes"), e => Assert.Equal("""[{"binary":[7,8]}]""", e.GetProperty("args").GetRawText()));
    }

    private string[] Clients(string eventName) => [.. _cluster.Events(eventName).Select(Client).Order(StringComparer.Ordinal)];

    private static string Client(JsonElement line) => line.GetProperty("client").GetString()!;

    /// <summary>One msgpack mixed cluster for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal MixedCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await MixedCluster.StartAsync("msgpack");

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}
