using BenchmarkDotNet.Attributes;
using TypedSockets.Benchmarks.EngineIO;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>
/// One broadcast to a room of <see cref="Recipients"/> Engine.IO sessions over in-memory WebSockets: encoded and
/// framed once, queued on every session, and every session's queue written in one batch. Per emit; the allocation per
/// recipient is the difference between the two room sizes divided by the difference in recipients.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmarks
{
    private static readonly byte[] Argument = "\"0123456789012345678901234567890123456789012345678901234567890123\""u8.ToArray();

    private InMemoryEngine _engine = null!;
    private BroadcastOperator _room;
    private long _bytesPerEmit;

    [Params(100, 1000)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        (_engine, _room) = await InMemoryRoom.OpenAsync(Recipients);
        var before = _engine.Written.Bytes;
        _room.Emit("tick", Argument);
        await Task.Delay(500);
        _bytesPerEmit = _engine.Written.Bytes - before;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Emitted from a thread of its own (a timer, a background service): the broadcast is a send batch of its own, so this thread writes every session's queue when the emit ends.</summary>
    [Benchmark]
    public long Emit()
    {
        var target = _engine.Written.Bytes + _bytesPerEmit;
        _room.Emit("tick", Argument);
        _engine.Written.WaitFor(target);
        return target;
    }

    /// <summary>Emitted as a handler does, inside the read of a connection: the sessions are written at the end of that read.</summary>
    [Benchmark]
    public long EmitInReceiveBatch()
    {
        var target = _engine.Written.Bytes + _bytesPerEmit;
        using (EngineSendBatch.Enter())
        {
            _room.Emit("tick", Argument);
        }

        _engine.Written.WaitFor(target);
        return target;
    }
}
