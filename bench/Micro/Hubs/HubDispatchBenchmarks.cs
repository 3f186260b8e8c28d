using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Benchmarks.Hubs;

/// <summary>
/// One incoming event from the socket's handler lookup to the sent acknowledgement: a typed hub (generated dispatch)
/// against a low-level handler doing the same work. A typed event allocates only the user's arguments: for
/// <c>send(string, int)</c> (no ack asked) the string; <c>echo(RawJson)</c> (acknowledged) allocates nothing of its own,
/// so whatever it shows is the acknowledgement's packet, as in the low-level baseline.
/// </summary>
[MemoryDiagnoser]
public class HubDispatchBenchmarks
{
    private const int EventsPerInvoke = 1000;

    private ServiceProvider _services = null!;
    private Socket _lowLevel = null!;
    private Socket _typed = null!;
    private IncomingEvent _send;
    private IncomingEvent _echo;

    public static int Sink { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();
        _lowLevel = Connect(static server => server.Of("/").OnConnection(static socket =>
        {
            socket.On("send", static e =>
            {
                var reader = e.Arguments.GetReader(0);
                reader.Read();
                var text = reader.GetString()!;
                reader = e.Arguments.GetReader(1);
                reader.Read();
                Sink = reader.GetInt32() + text.Length;
                e.Ack();
                return ValueTask.CompletedTask;
            });
            socket.On("echo", static e =>
            {
                e.Ack(e.Arguments[0].Span);
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        }));
        _typed = Connect(server => Bind<DispatchBenchHub>(server, _services));
        _send = Event("""["send","hello",42]"""u8, ackId: -1);
        _echo = Event("""["echo",{"seq":1,"data":"0123456789abcdef0123456789abcdef0123456789"}]"""u8, ackId: 7);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public void LowLevelSend() => Dispatch(_lowLevel, _send);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void TypedSend() => Dispatch(_typed, _send);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void LowLevelEcho() => Dispatch(_lowLevel, _echo);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void TypedEcho() => Dispatch(_typed, _echo);

    private static void Dispatch(Socket socket, IncomingEvent incoming)
    {
        for (var i = 0; i < EventsPerInvoke; i++)
        {
            var pending = socket.DispatchAsync(incoming);
            if (!pending.IsCompletedSuccessfully)
            {
                pending.AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static Socket Connect(Action<SocketIOServer> configure)
    {
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        configure(server);
        var @namespace = server.Of("/");
        var socket = new Socket(@namespace, new SocketIOConnection(server, new NullEngineSession()), "bench", "{}"u8.ToArray(), 16);
        socket.MarkConnected();
        foreach (var handler in @namespace.ConnectionHandlers)
        {
            handler(socket).AsTask().GetAwaiter().GetResult();
        }

        return socket;
    }

    private static void Bind<THub>(SocketIOServer server, IServiceProvider services)
        where THub : IHubDefinition => THub.Bind(server.Of(THub.Namespace), services);

    /// <summary>An event as the server queues it; with an ack id every dispatch also writes an acknowledgement.</summary>
    private static IncomingEvent Event(ReadOnlySpan<byte> payload, long ackId)
    {
        var header = new SocketIOPacketHeader(SocketIOPacketType.Event, 0, default, ackId, new Range(0, payload.Length));
        if (SocketIOPacketParser.TryReadPacket(payload, header, out var packet) != SocketIOParseError.None)
        {
            throw new InvalidOperationException("bad event " + Encoding.UTF8.GetString(payload));
        }

        return new IncomingEvent(packet);
    }
}
