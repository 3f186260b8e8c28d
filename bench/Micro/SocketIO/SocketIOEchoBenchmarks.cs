using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Benchmarks.EngineIO;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>
/// The server's whole share of one rpc-echo round trip, in memory: a masked <c>42&lt;id&gt;["echo",payload]</c>
/// frame in, parsed, dispatched to the handler, its ack encoded, queued and written by the send loop. Per call;
/// <see cref="Window"/> calls arrive together (one read) and the next ones only after their acks were written.
/// </summary>
[MemoryDiagnoser]
public class SocketIOEchoBenchmarks
{
    private const int CallsPerInvoke = 960;

    private static readonly byte[] Call = "4217[\"echo\",\"0123456789012345678901234567890123456789012345678901234567890123\"]"u8.ToArray();

    private InMemoryEngine _engine = null!;
    private MemoryPeerStream _stream = null!;
    private int _ackFrameLength;

    [Params(1, 16)]
    public int Window { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var connected = new TaskCompletionSource();
        server.Of("/").OnConnection(socket =>
        {
            socket.On("echo", static e =>
            {
                e.Ack(e.Arguments[0].Span);
                return ValueTask.CompletedTask;
            });
            connected.SetResult();
            return ValueTask.CompletedTask;
        });
        _engine = new InMemoryEngine(server);
        (var session, _stream) = await _engine.OpenAsync(ClientFrames.TextRun(Call, Window));
        var before = _engine.Written.Bytes;
        await session.DeliverAsync("0"u8.ToArray(), isBinary: false);
        await connected.Task;

        // The ack frame: 2-byte header, "4", "317[", the 66-byte payload, "]".
        _ackFrameLength = 2 + 1 + 4 + 66 + 1;
        _engine.Written.WaitFor(before + 1);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public long Echo()
    {
        var target = _engine.Written.Bytes;
        for (var i = 0; i < CallsPerInvoke / Window; i++)
        {
            target += (long)Window * _ackFrameLength;
            _stream.Feed(1);
            _engine.Written.WaitFor(target);
        }

        return target;
    }
}
