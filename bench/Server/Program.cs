// The TypedSockets server of the end-to-end benchmarks (issue 6, DESIGN §7) on the low-level Socket.IO
// API. Usage: dotnet run -c Release --project bench/Server -- --urls http://127.0.0.1:PORT
// Default namespace at /socket.io/: echo(payload) acks the payload; join() puts the caller in room
// "bench" and acks; publish(payload) emits tick(payload) to room "bench" and acks.
const string Room = "bench";

var builder = WebApplication.CreateBuilder(args);
// Per-request Information logs would otherwise cost every connection a log line (as in the other peers).
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddTypedSockets();

var app = builder.Build();
var root = app.MapSocketIO("/socket.io/").Of("/");
root.OnConnection(socket =>
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

await app.StartAsync();
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();
