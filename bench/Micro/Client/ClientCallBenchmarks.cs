using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using TypedSockets.Client;

namespace TypedSockets.Benchmarks.Client;

/// <summary>
/// What one call costs the client: the generated typed client (<see cref="ClientBenchClient"/>) against SignalR's
/// <see cref="HubConnection"/>, each talking to its own server on 127.0.0.1 in this process (the same hub shape):
/// <c>Echo</c> is an acknowledged call (a 64-character string out, the same string answered), <c>Send</c> a
/// fire-and-forget send (<c>publish</c> to an empty room; complete once written). <see cref="Window"/> calls are in
/// flight at once: 1 is a lone caller's latency, 16 the pipelined cost per call. Each client connects straight over
/// a WebSocket (ours: <see cref="SocketIOTransports.WebSocket"/>; SignalR: WebSockets with negotiation skipped).
/// </summary>
/// <remarks>
/// Allocations: BenchmarkDotNet's "Allocated" is <c>GC.GetTotalAllocatedBytes(precise: true)</c> over the workload,
/// which counts every thread of the process: the caller, the client's receive loop and the in-process server.
/// <see cref="AllocationProbe"/> prints, when the benchmark ends, the same process-wide delta per call over the whole
/// run (warm-up included) beside the caller's own share (<c>GC.GetAllocatedBytesForCurrentThread</c> around the
/// issuing of the calls, before any of them is awaited): BenchmarkDotNet's log shows both. The
/// client's own allocations, apart from any server, are measured end to end by bench/ClientLoad (server in another
/// process).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ClientCallBenchmarks
{
    private const int CallsPerInvoke = 16;

    private const string Payload = "0123456789012345678901234567890123456789012345678901234567890123";

    private readonly ValueTask<string>[] _typedCalls = new ValueTask<string>[CallsPerInvoke];
    private readonly Task<string>[] _signalRCalls = new Task<string>[CallsPerInvoke];
    private readonly Task[] _sends = new Task[CallsPerInvoke];
    private readonly AllocationProbe _probe = new();

    private InProcessServer? _server;
    private ClientBenchClient? _typed;
    private IClientBenchHub _hub = null!;
    private HubConnection? _signalR;

    [Params(1, 16)]
    public int Window { get; set; }

    [GlobalSetup(Targets = new[] { nameof(TypedEcho), nameof(TypedSend) })]
    public async Task SetupTyped()
    {
        _server = await InProcessServer.StartTypedSocketsAsync();
        _typed = await ClientBenchClient.ConnectAsync(_server.BaseUri, NoTicks.Instance, new SocketIOClientOptions { Transports = SocketIOTransports.WebSocket });
        _hub = _typed.Hub;
        _probe.Start();
    }

    [GlobalSetup(Targets = new[] { nameof(SignalREcho), nameof(SignalRSend) })]
    public async Task SetupSignalR()
    {
        _server = await InProcessServer.StartSignalRAsync();
        _signalR = new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseUri, "/hub"), HttpTransportType.WebSockets, options => options.SkipNegotiation = true)
            .Build();
        await _signalR.StartAsync();
        _probe.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _probe.Report();
        if (_typed is not null)
        {
            await _typed.DisposeAsync();
        }

        if (_signalR is not null)
        {
            await _signalR.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    [BenchmarkCategory("Echo")]
    public async Task TypedEcho()
    {
        for (var i = 0; i < CallsPerInvoke; i += Window)
        {
            _probe.Issuing();
            for (var j = 0; j < Window; j++)
            {
                _typedCalls[j] = _hub.Echo(Payload);
            }

            _probe.Issued(Window);
            for (var j = 0; j < Window; j++)
            {
                Check(await _typedCalls[j]);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Baseline = true)]
    [BenchmarkCategory("Echo")]
    public async Task SignalREcho()
    {
        for (var i = 0; i < CallsPerInvoke; i += Window)
        {
            _probe.Issuing();
            for (var j = 0; j < Window; j++)
            {
                _signalRCalls[j] = _signalR!.InvokeAsync<string>("Echo", Payload);
            }

            _probe.Issued(Window);
            for (var j = 0; j < Window; j++)
            {
                Check(await _signalRCalls[j]);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    [BenchmarkCategory("Send")]
    public async Task TypedSend()
    {
        for (var i = 0; i < CallsPerInvoke; i += Window)
        {
            _probe.Issuing();
            for (var j = 0; j < Window; j++)
            {
                _sends[j] = _hub.Publish(Payload);
            }

            _probe.Issued(Window);
            for (var j = 0; j < Window; j++)
            {
                await _sends[j];
            }
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvoke, Baseline = true)]
    [BenchmarkCategory("Send")]
    public async Task SignalRSend()
    {
        for (var i = 0; i < CallsPerInvoke; i += Window)
        {
            _probe.Issuing();
            for (var j = 0; j < Window; j++)
            {
                _sends[j] = _signalR!.SendAsync("Publish", Payload);
            }

            _probe.Issued(Window);
            for (var j = 0; j < Window; j++)
            {
                await _sends[j];
            }
        }
    }

    private static void Check(string answer)
    {
        if (!string.Equals(answer, Payload, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The echo answered '{answer}' instead of the payload.");
        }
    }
}
