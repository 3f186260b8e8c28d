using TypedSockets.WebSockets;

// A raw WebSocket echo at /echo on our own framing (docs/samples.md), for independent clients and
// conformance suites.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://localhost:8080");
}

// One log line per request would dominate a conformance suite's performance cases.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var app = builder.Build();
app.MapWebSocket(
    "/echo",
    async (connection, cancellationToken) =>
    {
        while (true)
        {
            var message = await connection.ReceiveAsync(cancellationToken);
            if (message.Kind == WebSocketMessageKind.Close)
            {
                return;
            }

            await connection.SendAsync(message.Payload, message.Kind, cancellationToken);
        }
    },
    // Conformance suites send messages of up to 16 MiB.
    options => options.MaxMessageSize = 16 * 1024 * 1024);
app.Run();
