using System.Text.Json;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>
/// A Socket.IO client at the packet level over a real WebSocket, sending recovery data in its CONNECT exactly as
/// socket.io-client 4.8 does (<c>{"pid","offset"}</c>) and remembering the last offset it received, as it does.
/// </summary>
internal sealed class RecoveryClient : IDisposable
{
    private readonly EngineWebSocketClient _engine;

    private RecoveryClient(EngineWebSocketClient engine, string sid, string? pid)
    {
        _engine = engine;
        Sid = sid;
        Pid = pid;
    }

    public string Sid { get; }

    public string? Pid { get; }

    /// <summary>The last offset received (the trailing string argument of an event).</summary>
    public string? LastOffset { get; private set; }

    public static async Task<RecoveryClient> ConnectAsync(EngineTestServer server, string? pid = null, string? offset = null)
    {
        var engine = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        Assert.StartsWith("0{", await engine.ReceiveTextAsync());
        var auth = pid is null ? string.Empty : JsonSerializer.Serialize(offset is null ? new Dictionary<string, string> { ["pid"] = pid } : new Dictionary<string, string> { ["pid"] = pid, ["offset"] = offset });
        await engine.SendTextAsync("40" + auth);
        var answer = await engine.ReceiveTextAsync();
        Assert.StartsWith("40{", answer);
        using var json = JsonDocument.Parse(answer[2..]);
        var root = json.RootElement;
        return new RecoveryClient(engine, root.GetProperty("sid").GetString()!, root.TryGetProperty("pid", out var p) ? p.GetString() : null)
        {
            LastOffset = offset,
        };
    }

    /// <summary>The arguments of the next event, its offset removed (and remembered).</summary>
    public async Task<(string Name, string[] Arguments)> NextEventAsync()
    {
        var text = await _engine.ReceiveTextAsync();
        Assert.StartsWith("42", text);
        using var json = JsonDocument.Parse(text[2..]);
        var items = json.RootElement.EnumerateArray().Select(e => e.GetRawText()).ToList();
        if (Pid is not null)
        {
            LastOffset = JsonSerializer.Deserialize<string>(items[^1]);
            items.RemoveAt(items.Count - 1);
        }

        return (JsonSerializer.Deserialize<string>(items[0])!, items.Skip(1).ToArray());
    }

    /// <summary>Drops the connection the hard way (no close handshake), as a network failure would.</summary>
    public void Drop() => _engine.Socket.Abort();

    public void Dispose() => _engine.Dispose();
}
