// Raw Kestrel WebSocket echo (System.Net.WebSockets via UseWebSockets): the floor of the end-to-end
// benchmarks. Usage: --urls http://127.0.0.1:PORT; endpoint /echo echoes every message unchanged.
using System.Buffers;
using System.Net.WebSockets;

var builder = WebApplication.CreateBuilder(args);
// bench/run.sh --inline-io sets DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (socket completions on the epoll
// thread) for every .NET server; Kestrel's inline scheduling goes with it, as Kestrel recommends both together.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1")
{
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
}

builder.Logging.SetMinimumLevel(LogLevel.Warning);

var app = builder.Build();
app.UseWebSockets();
app.Map("/echo", async context =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }

    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = ArrayPool<byte>.Shared.Rent(4096);
    try
    {
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(count), context.RequestAborted);
                count += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, count), result.MessageType, true, context.RequestAborted);
        }
    }
    catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
    {
        // The client went away (the load generator resets connections it is done with).
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
});

await app.StartAsync();
Console.WriteLine($"Listening on {string.Join(", ", app.Urls)}");
await app.WaitForShutdownAsync();
