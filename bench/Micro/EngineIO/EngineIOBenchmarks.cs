using System.Buffers;
using BenchmarkDotNet.Attributes;
using TypedSockets.EngineIO;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>
/// Engine.IO over the WebSocket transport, per packet: <c>Receive</c> parses a masked <c>4…</c> frame and hands
/// the message to the session handler; <c>Encode</c> writes a message packet once (payload, packet type and
/// WebSocket header in one pooled buffer); <c>Send</c> encodes, queues it on a session and waits until the
/// session's send loop wrote it. Times and allocations are per packet.
/// </summary>
[MemoryDiagnoser]
public class EngineIOBenchmarks
{
    private const int PacketsPerInvoke = 1000;

    // A Socket.IO event with a 64-byte argument, the size the end-to-end benchmarks use.
    private static readonly byte[] Payload = "2[\"echo\",\"0123456789012345678901234567890123456789012345678901234567890123\"]"u8.ToArray();

    private readonly CountingHandler _handler = new();
    private InMemoryEngine _engine = null!;
    private EngineSession _session = null!;
    private MemoryPeerStream _stream = null!;
    private int _frameLength;

    [GlobalSetup]
    public async Task Setup()
    {
        _engine = new InMemoryEngine(_handler);
        byte[] packet = [(byte)'4', .. Payload];
        (_session, _stream) = await _engine.OpenAsync(ClientFrames.TextRun(packet, PacketsPerInvoke));
        using var probe = EncodeOne();
        _frameLength = probe.WebSocketFrame.Length;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public long Receive()
    {
        var target = _handler.Messages + PacketsPerInvoke;
        _stream.Feed(1);
        var spinner = default(SpinWait);
        while (_handler.Messages < target)
        {
            spinner.SpinOnce();
        }

        return target;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int Encode()
    {
        var length = 0;
        for (var i = 0; i < PacketsPerInvoke; i++)
        {
            using var message = EncodeOne();
            length += message.WebSocketFrame.Length;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public long Send()
    {
        var target = _engine.Written.Bytes + ((long)PacketsPerInvoke * _frameLength);
        for (var i = 0; i < PacketsPerInvoke; i++)
        {
            using var message = EncodeOne();
            _session.Send(message.Message);
        }

        _engine.Written.WaitFor(target);
        return target;
    }

    private static MessageLease EncodeOne()
    {
        // The writer the server's encoders use: one per thread, reused.
        var writer = EngineMessageWriter.Rent(Payload.Length);
        writer.Write(Payload);
        var message = writer.ToMessage(isBinary: false);
        EngineMessageWriter.Return(writer);
        return new MessageLease(message);
    }

    /// <summary>Releases the benchmark's reference to a message at the end of a <c>using</c>.</summary>
    private readonly struct MessageLease(EngineMessage message) : IDisposable
    {
        public EngineMessage Message => message;

        public ReadOnlyMemory<byte> WebSocketFrame => message.WebSocketFrame;

        public void Dispose() => message.Release();
    }
}
