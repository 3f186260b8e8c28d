using System.Text.Json;
using TypedSockets.Redis;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// A cluster of both kinds on one real redis-server: a TypedSockets node in this process with the socket.io protocol,
/// and tests/node/mixed-cluster.mjs, a Node socket.io 4.8 server with @socket.io/redis-adapter 8 and the
/// socket.io-client peers n1, n2 (Node node), t1, t2 (TypedSockets node), na, ta (<c>/admin</c> on each).
/// </summary>
internal sealed class MixedCluster : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private MixedCluster(RedisServerProcess redis, ClusterNode typedSockets, NodeSession node, JsonElement ready)
    {
        Redis = redis;
        TypedSockets = typedSockets;
        Node = node;
        Ids = ready.GetProperty("ids").Clone();
    }

    public RedisServerProcess Redis { get; }

    public ClusterNode TypedSockets { get; }

    /// <summary>The Node server and every client: their events are its lines, its commands its stdin.</summary>
    public NodeSession Node { get; }

    public JsonElement Ids { get; }

    public static async Task<MixedCluster> StartAsync(string? parser = null)
    {
        var redis = await RedisServerProcess.StartAsync();
        var typedSockets = await ClusterNode.StartAsync(
            redis.Configuration,
            static o => o.Protocol = RedisBackplaneProtocol.SocketIO,
            parser == "msgpack" ? static (global::TypedSockets.Hosting.TypedSocketsOptions o) => o.SocketIO.Parser = global::TypedSockets.SocketIO.SocketIOParser.MessagePack : null);
        NodeSession node = parser is null
            ? NodeSession.Start("mixed-cluster.mjs", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), typedSockets.BaseUrl)
            : NodeSession.Start("mixed-cluster.mjs", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), typedSockets.BaseUrl, parser);
        var ready = await node.ReadAsync("ready", Wait);
        return new MixedCluster(redis, typedSockets, node, ready);
    }

    public string Id(string client) => Ids.GetProperty(client).GetString()!;

    /// <summary>Runs a command on the Node server and returns its result.</summary>
    public async Task<JsonElement> RunAsync(string op, object? arguments = null)
    {
        var command = JsonSerializer.SerializeToElement(arguments ?? new { });
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("op", op);
            foreach (var property in command.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        await Node.SendAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        var done = await Node.ReadAsync(e => e.GetProperty("kind").GetString() == "done" && e.GetProperty("op").GetString() == op, op, Wait);
        Assert.False(done.TryGetProperty("failed", out var failure), $"{op} failed: {failure}");
        return done.GetProperty("result");
    }

    /// <summary>Reads until <paramref name="count"/> lines of event <paramref name="name"/> arrived (in all), and returns them.</summary>
    public async Task<List<JsonElement>> EventsAsync(string name, int count)
    {
        while (Events(name).Count < count)
        {
            await Node.ReadAsync(e => IsEvent(e, name), name, Wait);
        }

        return Events(name);
    }

    public List<JsonElement> Events(string name) => [.. Node.Lines.Where(e => IsEvent(e, name))];

    public static bool IsEvent(JsonElement line, string name) =>
        line.GetProperty("kind").GetString() == "event" && line.GetProperty("event").GetString() == name;

    public async ValueTask DisposeAsync()
    {
        Node.EndInput();
        await Node.DisposeAsync();
        await TypedSockets.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
