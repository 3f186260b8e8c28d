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
/// The cost of hub filters on one event (<c>tick(int)</c>, no ack, nothing of the user's to allocate): with none
/// registered the dispatch allocates nothing (0 B); with one pass-through filter, what the filtered path costs
/// (the boxed arguments, the invocation context, the chain's delegates).
/// </summary>
[MemoryDiagnoser]
public class HubFilterBenchmarks
{
    private const int EventsPerInvoke = 1000;

    private ServiceProvider _plain = null!;
    private ServiceProvider _filtered = null!;
    private Socket _withoutFilters = null!;
    private Socket _withFilter = null!;
    private IncomingEvent _tick;

    [GlobalSetup]
    public void Setup()
    {
        _plain = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();
        var filtered = new ServiceCollection().AddLogging().AddOptions();
        filtered.AddTypedSockets().AddHubFilter<PassThroughFilter>();
        _filtered = filtered.BuildServiceProvider();
        _withoutFilters = Connect(_plain);
        _withFilter = Connect(_filtered);
        var payload = """["tick",42]"""u8;
        var header = new SocketIOPacketHeader(SocketIOPacketType.Event, 0, default, -1, new Range(0, payload.Length));
        if (SocketIOPacketParser.TryReadPacket(payload, header, out var packet) != SocketIOParseError.None)
        {
            throw new InvalidOperationException("bad event " + Encoding.UTF8.GetString(payload));
        }

        _tick = new IncomingEvent(packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _filtered.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerInvoke)]
    public void NoFilters() => Dispatch(_withoutFilters, _tick);

    [Benchmark(OperationsPerInvoke = EventsPerInvoke)]
    public void OnePassThroughFilter() => Dispatch(_withFilter, _tick);

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

    private static Socket Connect(IServiceProvider services)
    {
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        Bind<FilterBenchHub>(server, services);
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

    private sealed class PassThroughFilter : IHubFilter;
}

/// <summary>The events of <see cref="FilterBenchHub"/>.</summary>
public interface IFilterBenchHub
{
    Task Tick(int n);
}

/// <summary>A hub whose one event takes an int and does nothing, so only the dispatch (and its filters) show.</summary>
[Hub("/")]
public sealed partial class FilterBenchHub : Hub<IDispatchBenchClient>, IFilterBenchHub
{
    public static int Last { get; private set; }

    public Task Tick(int n)
    {
        Last = n;
        return Task.CompletedTask;
    }
}
