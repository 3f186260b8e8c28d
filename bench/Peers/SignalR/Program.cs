// ASP.NET Core SignalR peer for the end-to-end benchmarks. Usage: --urls http://127.0.0.1:PORT.
// The hub lives at /hub; clients connect straight over WebSocket (no negotiate request).
using TypedSockets.Bench.Peers.SignalR;

var builder = WebApplication.CreateBuilder(args);
// Per-request Information logs would otherwise cost every connection a log line.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();

var app = builder.Build();
app.MapHub<BenchHub>("/hub");
await app.StartAsync();
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();
