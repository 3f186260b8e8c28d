// ASP.NET Core SignalR peer for the end-to-end benchmarks. Usage: --urls http://127.0.0.1:PORT [--redis 127.0.0.1:6379].
// The hub lives at /hub with SignalR's default transports (WebSockets, server-sent events, long polling): the
// end-to-end scenarios connect straight over WebSocket (no negotiate request); the browser-path ones negotiate first,
// and echo-polling runs over long polling. --redis joins the nodes of a cluster through SignalR's Redis backplane
// (Microsoft.AspNetCore.SignalR.StackExchangeRedis).
using TypedSockets.Bench.Peers.SignalR;

var builder = WebApplication.CreateBuilder(args);
// bench/run.sh --inline-io sets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket completions on the epoll
// thread) for every .NET server; Kestrel's inline scheduling goes with it, as Kestrel recommends both together.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1")
{
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}

// Per-request Information logs would otherwise cost every connection a log line.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var signalR = builder.Services.AddSignalR();
if (builder.Configuration["redis"] is { Length: > 0 } redis)
{
    signalR.AddStackExchangeRedis(redis);
}

var app = builder.Build();
app.MapHub<BenchHub>("/hub");
await app.StartAsync();
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();
