using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.WebSockets;

namespace TypedSockets.Benchmarks.WebSockets;

/// <summary>Server-role send of unmasked binary messages: ours against System.Net.WebSockets over the same in-memory stream.</summary>
[MemoryDiagnoser]
public class SendBenchmarks
{
    private const int MessagesPerInvoke = ReceiveBenchmarks.MessagesPerInvoke;

    private WebSocketConnection _ours = null!;
    private WebSocket _theirs = null!;
    private byte[] _payload = null!;

    [Params(16, 1024, 64 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        Random.Shared.NextBytes(_payload);
        _ours = WebSocketConnection.CreateFromStream(new ReplayDuplexStream([]), isServer: true, new WebSocketServerOptions(), NullLogger.Instance);
        _theirs = WebSocket.CreateFromStream(new ReplayDuplexStream([]), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _ours.Abort();
        await _ours.DisposeAsync();
        _theirs.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvoke)]
    public async Task SystemNetWebSockets()
    {
        for (var i = 0; i < MessagesPerInvoke; i++)
        {
            await _theirs.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public async Task TypedSockets()
    {
        for (var i = 0; i < MessagesPerInvoke; i++)
        {
            await _ours.SendAsync(_payload, WebSocketMessageKind.Binary);
        }
    }
}
