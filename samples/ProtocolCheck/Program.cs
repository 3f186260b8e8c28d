using ProtocolCheck;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

// The server the Engine.IO v4 and Socket.IO v5 specifications' compliance suites expect (docs/samples.md).
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:3000");
}

// One log line per request would drown the suites' output.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var mode = builder.Configuration["mode"] ?? "socketio";
if (mode == "engineio")
{
    var engineApp = builder.Build();
    engineApp.MapEngineIO("/engine.io/", new EngineEcho(), Configure);
    engineApp.Run();
    return;
}

if (mode != "socketio")
{
    Console.Error.WriteLine($"Unknown --mode '{mode}' (engineio or socketio).");
    Environment.ExitCode = 2;
    return;
}

builder.Services.AddTypedSockets(options =>
{
    Configure(options.EngineIO);
    options.SocketIO.ConnectTimeout = TimeSpan.FromSeconds(1);
});
var app = builder.Build();
var io = app.MapSocketIO("/socket.io/");

io.Of("/").OnConnection(socket =>
{
    EmitAuth(socket);
    socket.On("message", e =>
    {
        e.Socket.Emit("message-back", e.Arguments, ArgumentEcho.Write);
        return ValueTask.CompletedTask;
    });
    socket.On("message-with-ack", e =>
    {
        e.Ack(e.Arguments, ArgumentEcho.Write);
        return ValueTask.CompletedTask;
    });
    return ValueTask.CompletedTask;
});
io.Of("/custom").OnConnection(socket =>
{
    EmitAuth(socket);
    return ValueTask.CompletedTask;
});
app.Run();

static void EmitAuth(Socket socket) => socket.Emit("auth", socket.Auth.Span);

static void Configure(EngineOptions options)
{
    options.PingInterval = TimeSpan.FromMilliseconds(300);
    options.PingTimeout = TimeSpan.FromMilliseconds(200);
    options.MaxPayload = 1_000_000;
    options.AllowedOrigins.Add("*");
}
