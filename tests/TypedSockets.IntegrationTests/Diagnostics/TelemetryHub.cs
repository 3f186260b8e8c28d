using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.Client;
using TypedSockets.Diagnostics;
using TypedSockets.Hubs;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>A hub whose methods each cause one thing the meter or the tracer must see.</summary>
public interface ITelemetryHub
{
    Task<int> Add(int a, int b);

    Task<bool> Boom();

    /// <summary>Asks the caller (a client result): the server's emit with an ack.</summary>
    Task<string> Ask();

    Task Shout(string text);

    /// <summary>The handler's current span, and the parent of a span the handler starts itself.</summary>
    Task<string> Trace();
}

public interface ITelemetryClient
{
    Task Notice(string text);

    Task<string> Question(string question);
}

[Hub("/telemetry")]
public sealed partial class TelemetryHub : Hub<ITelemetryClient>, ITelemetryHub
{
    /// <summary>What the handler calls: a library of the application that traces its own work.</summary>
    public static readonly ActivitySource HandlerWork = new("TypedSockets.Tests.HandlerWork");

    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public Task<bool> Boom() => throw new InvalidOperationException("boom");

    public async Task<string> Ask() => "answer to " + await Clients.Caller.Question("q");

    public Task Shout(string text) => Clients.Others.Notice(text);

    public Task<string> Trace()
    {
        var current = Activity.Current;
        using var work = HandlerWork.StartActivity("handler work");
        return Task.FromResult($"{current?.TraceId}/{current?.SpanId}/{current?.OperationName}/{work?.ParentSpanId}");
    }
}

[TypedSocketsClient(typeof(ITelemetryHub), typeof(ITelemetryClient), Namespace = "/telemetry")]
public sealed partial class TelemetryHubClient;

public sealed class TelemetryReceiver : ITelemetryClient
{
    private int _notices;

    public int Notices => Volatile.Read(ref _notices);

    public Task Notice(string text)
    {
        Interlocked.Increment(ref _notices);
        return Task.CompletedTask;
    }

    public Task<string> Question(string question) => Task.FromResult(question);
}

/// <summary>Kestrel on 127.0.0.1 serving <see cref="TelemetryHub"/> with small limits, so tests can reach them.</summary>
internal sealed class TelemetryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryServer(WebApplication app)
    {
        _app = app;
        BaseUri = new Uri(app.Urls.First() + "/");
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri(string query = "") => new($"ws://{BaseUri.Authority}/socket.io/?EIO=4&transport=websocket{query}");

    public IServiceProvider Services => _app.Services;

    public static async Task<TelemetryServer> StartAsync(Action<TelemetryOptions>? telemetry = null)
    {
        var builder = LoopbackApplication.CreateBuilder(new ListLoggerProvider());
        builder.Services.AddTypedSockets(options =>
        {
            options.EngineIO.MaxPayload = 4_000;
            options.EngineIO.MaxOutboundBytes = 8_000;
            telemetry?.Invoke(options.Telemetry);
        });
        var app = builder.Build();
        app.MapHub<TelemetryHub>();
        await app.StartAsync();
        return new TelemetryServer(app);
    }

    public static SocketIOClientOptions ClientOptions() => new()
    {
        Reconnection = false,
        Transports = SocketIOTransports.WebSocket, // the assertions count WebSocket connections
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
