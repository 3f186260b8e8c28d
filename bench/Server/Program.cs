// The TypedSockets server of the end-to-end benchmarks (the benchmark contract: docs/samples.md).
// Usage: dotnet run -c Release --project bench/Server -- --urls http://127.0.0.1:PORT [--api lowlevel|typed]
//        [--fastpath on|pipeline|off] [--redis 127.0.0.1:6379]   (a node of a cluster over the Redis backplane, src/Redis)
//        [--redis-protocol socketio|typedsockets]       (the backplane's protocol; default typedsockets)
//        [--recovery on|off]   (connection state recovery, off by default: broadcasts then carry an offset and are kept)
// Default namespace at /socket.io/: echo(payload) acks the payload; join() puts the caller in room
// "bench" and acks; publish(payload) emits tick(payload) to room "bench" and acks. --api selects the
// low-level Socket.IO API (default) or the typed hub (BenchHub), so both are measured in one run. --fastpath
// (on by default) accepts the Socket.IO WebSocket handshakes below the HTTP server (UseTypedSocketsFastPath),
// as a deployment that wants the least memory per connection would; pipeline runs every handshake through the ASP.NET
// Core pipeline and takes the connection back from the HTTP server after it (FastPathOptions.HandshakesThroughPipeline);
// off measures the plain ASP.NET Core endpoint.
using TypedSockets.Bench.Server;

const string Room = BenchHub.Room;

var builder = WebApplication.CreateBuilder(args);
// bench/run.sh --inline-io sets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket completions on the epoll
// thread) for every .NET server; Kestrel's inline scheduling goes with it, as Kestrel recommends both together.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1")
{
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}

// Per-request Information logs would otherwise cost every connection a log line (as in the other peers).
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var recovery = builder.Configuration["recovery"] ?? "off";
if (recovery is not ("on" or "off"))
{
    Console.Error.WriteLine($"--recovery {recovery}: expected on or off");
    return 2;
}

var typedSockets = builder.Services.AddTypedSockets(options => options.SocketIO.ConnectionStateRecovery.Enabled = recovery == "on");
if (builder.Configuration["redis"] is { Length: > 0 } redis)
{
    // --redis-protocol socketio: the @socket.io/redis-adapter protocol instead of the native one.
    typedSockets.AddRedis(redis, o => o.Protocol = builder.Configuration["redis-protocol"] == "socketio"
        ? TypedSockets.Redis.RedisBackplaneProtocol.SocketIO
        : TypedSockets.Redis.RedisBackplaneProtocol.TypedSockets);
}

var fastPath = builder.Configuration["fastpath"] ?? "on";
if (fastPath is "on" or "pipeline")
{
    var throughPipeline = fastPath == "pipeline";
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseTypedSocketsFastPath(o => o.HandshakesThroughPipeline = throughPipeline)));
}
else if (fastPath != "off")
{
    Console.Error.WriteLine($"--fastpath {fastPath}: expected on, pipeline or off");
    return 2;
}

var app = builder.Build();
var api = app.Configuration["api"] ?? "lowlevel";
if (api == "typed")
{
    app.MapHub<BenchHub>();
}
else if (api == "lowlevel")
{
    MapLowLevel(app.MapSocketIO("/socket.io/").Of("/"));
}
else
{
    Console.Error.WriteLine($"--api {api}: expected lowlevel or typed");
    return 2;
}

await app.StartAsync();
Console.WriteLine($"API: {api}, fast path: {fastPath}, recovery: {recovery}, GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} ({System.Runtime.GCSettings.LatencyMode}), {Environment.ProcessorCount} CPU");
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();
return 0;

static void MapLowLevel(TypedSockets.SocketIO.Namespace root) => root.OnConnection(socket =>
{
    socket.On("echo", static e =>
    {
        e.Ack(e.Arguments[0].Span);
        return ValueTask.CompletedTask;
    });
    socket.On("join", static e =>
    {
        e.Socket.Join(Room);
        e.Ack();
        return ValueTask.CompletedTask;
    });
    socket.On("publish", e =>
    {
        root.To(Room).Emit("tick", e.Arguments[0].Span);
        e.Ack();
        return ValueTask.CompletedTask;
    });
    return ValueTask.CompletedTask;
});
