using BenchmarkDotNet.Attributes;
using TypedSockets.Benchmarks.EngineIO;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>
/// The server's side of the end-to-end broadcast, per read of the publisher: <see cref="Ticks"/> emits to a room of
/// <see cref="Recipients"/> sessions inside one receive batch (the publisher has that many calls in flight, so one
/// read carries them), then every session's queue written as one batch when the read ends. Over in-memory streams,
/// so what is timed is TypedSockets' own work per delivery (queueing, the deferred wake-up, the batched write under
/// one lock), without the socket's. Per read; per delivery is the time divided by Recipients × Ticks. Run it pinned
/// to one core (<c>taskset -c 0</c>), as the end-to-end server is, so the batch is written on the emitting thread.
/// </summary>
[MemoryDiagnoser]
public class BroadcastFanOutBenchmarks
{
    // The end-to-end benchmark's tick: a 64-byte string argument.
    private static readonly byte[] Argument = "\"0123456789012345678901234567890123456789012345678901234567890123\""u8.ToArray();

    private InMemoryEngine _engine = null!;
    private BroadcastOperator _room;
    private long _bytesPerRead;

    [Params(1000, 5000)]
    public int Recipients { get; set; }

    [Params(1, 4)]
    public int Ticks { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        (_engine, _room) = await InMemoryRoom.OpenAsync(Recipients);
        var before = _engine.Written.Bytes;
        Read();
        await Task.Delay(500);
        _bytesPerRead = _engine.Written.Bytes - before;
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>One read of the publisher: its emits queued on every recipient, then each recipient's batch written.</summary>
    [Benchmark]
    public long Read()
    {
        var target = _engine.Written.Bytes + _bytesPerRead;
        using (EngineSendBatch.Enter())
        {
            for (var i = 0; i < Ticks; i++)
            {
                _room.Emit("tick", Argument);
            }
        }

        _engine.Written.WaitFor(target);
        return target;
    }
}
