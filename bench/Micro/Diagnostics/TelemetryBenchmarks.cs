using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Benchmarks.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Benchmarks.Diagnostics;

/// <summary>
/// What the <c>TypedSockets</c> meter costs one message: the server's whole share of an echo round trip (a WebSocket
/// frame in, parsed, counted, dispatched and timed, its ack counted, encoded and written), with nothing listening and
/// with a <see cref="MeterListener"/> on every instrument of the meter. With nothing listening it must allocate
/// nothing (0 B per call); the spans are not listened to in either case.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private const int CallsPerInvoke = 960;

    private static readonly byte[] Call = "4217[\"echo\",\"0123456789012345678901234567890123456789012345678901234567890123\"]"u8.ToArray();

    private InMemoryEngine _engine = null!;
    private MemoryPeerStream _stream = null!;
    private MeterListener? _listener;
    private int _ackFrameLength;

    [Params(false, true)]
    public bool Listening { get; set; }

    public static long Measured { get; private set; }

    [GlobalSetup]
    public async Task Setup()
    {
        if (Listening)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == "TypedSockets")
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>(static (_, value, _, _) => Measured += value);
            _listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => Measured++);
            _listener.Start();
        }

        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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
        (var session, _stream) = await _engine.OpenAsync(ClientFrames.TextRun(Call, 16));
        var before = _engine.Written.Bytes;
        await session.DeliverAsync("0"u8.ToArray(), isBinary: false);
        await connected.Task;

        // The ack frame: 2-byte header, "4", "317[", the 66-byte payload, "]".
        _ackFrameLength = 2 + 1 + 4 + 66 + 1;
        _engine.Written.WaitFor(before + 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _listener?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public long Echo()
    {
        var target = _engine.Written.Bytes;
        for (var i = 0; i < CallsPerInvoke / 16; i++)
        {
            target += 16L * _ackFrameLength;
            _stream.Feed(1);
            _engine.Written.WaitFor(target);
        }

        return target;
    }
}
