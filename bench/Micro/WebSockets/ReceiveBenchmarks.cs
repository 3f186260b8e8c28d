using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.WebSockets;

namespace TypedSockets.Benchmarks.WebSockets;

/// <summary>Server-role receive of masked binary messages: ours against System.Net.WebSockets over the same in-memory stream.</summary>
[MemoryDiagnoser]
public class ReceiveBenchmarks
{
    internal const int MessagesPerInvoke = 1000;

    private WebSocketConnection _ours = null!;
    private WebSocket _theirs = null!;
    private byte[] _theirBuffer = null!;

    [Params(16, 1024, 64 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var run = Frames.MaskedBinaryRun(Size);
        var options = new WebSocketServerOptions { MaxMessageSize = 1024 * 1024 };
        _ours = WebSocketConnection.CreateFromStream(new ReplayDuplexStream(run), isServer: true, options, NullLogger.Instance);
        _theirs = WebSocket.CreateFromStream(new ReplayDuplexStream(run), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _theirBuffer = new byte[Size + 1];
        CheckBothReceiveTheMessage();
    }

    /// <summary>Both sides must deliver the whole unmasked payload, or the comparison means nothing.</summary>
    private void CheckBothReceiveTheMessage()
    {
        var expected = Frames.Payload(Size);
        var ours = _ours.ReceiveAsync().AsTask().GetAwaiter().GetResult();
        if (ours.Kind != WebSocketMessageKind.Binary || !ours.Payload.Span.SequenceEqual(expected))
        {
            throw new InvalidOperationException("TypedSockets did not receive the message.");
        }

        var received = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = _theirs.ReceiveAsync(_theirBuffer.AsMemory(received), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            received += result.Count;
        }
        while (!result.EndOfMessage);
        if (result.MessageType != WebSocketMessageType.Binary || !_theirBuffer.AsSpan(0, received).SequenceEqual(expected))
        {
            throw new InvalidOperationException("System.Net.WebSockets did not receive the message.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _ours.Abort();
        await _ours.DisposeAsync();
        _theirs.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvoke)]
    public async Task<int> SystemNetWebSockets()
    {
        var total = 0;
        for (var i = 0; i < MessagesPerInvoke; i++)
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _theirs.ReceiveAsync(_theirBuffer.AsMemory(), CancellationToken.None);
                total += result.Count;
            }
            while (!result.EndOfMessage);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public async Task<int> TypedSockets()
    {
        var total = 0;
        for (var i = 0; i < MessagesPerInvoke; i++)
        {
            var message = await _ours.ReceiveAsync();
            total += message.Payload.Length;
        }

        return total;
    }
}
