using System.Net;
using System.Net.WebSockets;
using TypedSockets.Bench.LoadGen;

// Usage: dotnet bench/Http2Idle/bin/Release/net10.0/Http2Idle.dll --url http://127.0.0.1:PORT --http 1|2 [--sizes 5000,10000] [--hold SECONDS]
// Opens Socket.IO sessions (a WebSocket with EIO=4, then the namespace CONNECT "40") until each size is reached, waits
// for the server to settle, and prints its resident memory per session over a baseline of 200 sessions. The server
// must speak the chosen version: bench/Server --fastpath off, with --Kestrel:EndpointDefaults:Protocols=Http2 for 2.
// --hold keeps the sessions open that long after the last size (for a heap dump of the server), then closes them.
var arguments = new Arguments(args);
var url = new Uri(arguments.Required("url"));
var http2 = arguments.Optional("http") == "2";
var sizes = arguments.IntList("sizes") ?? [5000, 10000];
var server = ServerProcess.FindListening(url.Port) ?? throw new InvalidOperationException($"nothing listens on port {url.Port}");
var webSocketUri = new Uri($"ws://{url.Authority}/socket.io/?EIO=4&transport=websocket");
var sessions = new List<ClientWebSocket>();

const int Baseline = 200;
await FillAsync(Baseline);
var baseline = await SettledResidentBytesAsync();
Console.WriteLine($"HTTP/{(http2 ? "2" : "1.1")}: baseline {baseline / 1024} KiB at {Baseline} sessions");
foreach (var size in sizes)
{
    await FillAsync(size);
    var resident = await SettledResidentBytesAsync();
    Console.WriteLine($"HTTP/{(http2 ? "2" : "1.1")}: {size} sessions, {(resident - baseline) / 1024.0 / (size - Baseline):F2} KiB per session over the baseline");
}

if (arguments.Seconds("hold") is { } hold)
{
    Console.WriteLine($"holding {sessions.Count} sessions for {hold.TotalSeconds:0} s");
    await Task.Delay(hold);
}

foreach (var session in sessions)
{
    session.Abort();
    session.Dispose();
}

async Task FillAsync(int target)
{
    // 64 handshakes at a time: the server's accept queue is not what is measured.
    using var gate = new SemaphoreSlim(64);
    var opening = new List<Task>();
    for (var i = sessions.Count; i < target; i++)
    {
        await gate.WaitAsync();
        opening.Add(Task.Run(async () =>
        {
            try
            {
                var session = await OpenAsync();
                lock (sessions)
                {
                    sessions.Add(session);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    await Task.WhenAll(opening);
}

async Task<ClientWebSocket> OpenAsync()
{
    var socket = new ClientWebSocket();
    if (http2)
    {
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
    }

    // Its own handler per session: one HTTP/2 connection each, as each browser has.
    await socket.ConnectAsync(webSocketUri, http2 ? new HttpMessageInvoker(new SocketsHttpHandler()) : null, CancellationToken.None);
    var buffer = new byte[512];
    await socket.ReceiveAsync(buffer, CancellationToken.None);
    await socket.SendAsync("40"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
    var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
    if (answer.Count < 2 || buffer[0] != (byte)'4' || buffer[1] != (byte)'0')
    {
        throw new InvalidOperationException("the namespace CONNECT was not answered");
    }

    return socket;
}

async Task<long> SettledResidentBytesAsync()
{
    // The server's last allocations of the ramp and its next collection: read once it has been quiet for a while.
    await Task.Delay(TimeSpan.FromSeconds(3));
    return server.ReadResidentBytes();
}
