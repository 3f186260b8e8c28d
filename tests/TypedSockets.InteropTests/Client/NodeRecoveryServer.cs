using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.Client;

/// <summary>tests/node/client-recovery.mjs: a Node socket.io 4.8 server with connection state recovery, and the client helpers its tests share.</summary>
internal sealed class NodeRecoveryServer : IAsyncDisposable
{
    private readonly NodePeer _node;

    private NodeRecoveryServer(NodePeer node, int port)
    {
        _node = node;
        Port = port;
        Uri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri Uri { get; }

    /// <summary>Starts the server; <paramref name="windowMs"/> is its recovery window (0: recovery off).</summary>
    public static async Task<NodeRecoveryServer> StartAsync(int windowMs = 60_000, int port = 0, SocketIOParser parser = SocketIOParser.Json)
    {
        var node = NodePeer.Start(
            "client-recovery.mjs",
            windowMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            parser == SocketIOParser.MessagePack ? "msgpack" : "json");
        return new NodeRecoveryServer(node, int.Parse(await node.ReadLineAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The next line the server printed (a "disconnect reason" line).</summary>
    public Task<string> ReadLineAsync() => _node.ReadLineAsync();

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    public static SocketIOClientOptions Options(TimeProvider? time = null) => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        ReconnectionDelay = TimeSpan.FromMilliseconds(20),
        ReconnectionDelayMax = TimeSpan.FromMilliseconds(50),
        TimeProvider = time ?? TimeProvider.System,
    };

    public static Task<EventArguments> Emit(SocketIOClient client, string name, string text) =>
        client.EmitWithAckAsync(name, text, static (w, s) => w.Json.WriteStringValue(s));

    /// <summary>Asks the server to emit ticks <paramref name="from"/>..<paramref name="to"/> to <paramref name="room"/> and waits for its ack.</summary>
    public static Task<EventArguments> Burst(SocketIOClient client, string name, string room, int from, int to) =>
        client.EmitWithAckAsync(name, (room, from, to), static (w, s) =>
        {
            w.Json.WriteStringValue(s.room);
            w.Json.WriteNumberValue(s.from);
            w.Json.WriteNumberValue(s.to);
        });
}
