using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// An application on Kestrel (127.0.0.1, free port) that uses the hosting API as a user would
/// (<c>AddTypedSockets</c>, <c>MapSocketIO</c>) and exercises what SeedTour does not: middleware, server acks,
/// broadcast acks, server disconnects. It records the disconnect reasons its sockets saw.
/// </summary>
internal sealed class SocketIOTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Socket> _bySession = new(StringComparer.Ordinal);
    private int _httpUpgradeRequests;

    private SocketIOTestHost(WebApplication app, ListLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Server = app.MapSocketIO();
    }

    /// <summary>The address Kestrel bound (known once started).</summary>
    public string BaseUrl => _app.Urls.First();

    public ListLoggerProvider Logs { get; }

    public ConcurrentQueue<string> DisconnectReasons { get; } = new();

    /// <summary>The argument of every <c>record</c> event (its JSON text), in the order they arrived.</summary>
    public ConcurrentQueue<string> Recorded { get; } = new();

    public SocketIOServer Server { get; }

    /// <summary>WebSocket handshakes that reached the HTTP pipeline (none do when the fast path takes them).</summary>
    public int HttpUpgradeRequests => Volatile.Read(ref _httpUpgradeRequests);

    /// <summary>
    /// Starts the application; with <paramref name="fastPath"/>, its endpoint uses <c>UseTypedSocketsFastPath</c>;
    /// with <paramref name="handshakesThroughPipeline"/> too, in its pipeline mode;
    /// <paramref name="parser"/> is the server's Socket.IO parser; <paramref name="maxPayload"/>, when given, Engine.IO's.
    /// </summary>
    public static async Task<SocketIOTestHost> StartAsync(bool fastPath = false, SocketIOParser parser = SocketIOParser.Json, int? maxPayload = null, bool handshakesThroughPipeline = false)
    {
        var logs = new ListLoggerProvider();
        var builder = LoopbackApplication.CreateBuilder(logs, fastPath, options => options.HandshakesThroughPipeline = handshakesThroughPipeline);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        // Short enough for a test, long enough that a node client on a loaded machine still connects in time.
        builder.Services.AddTypedSockets(options =>
        {
            options.SocketIO.ConnectTimeout = TimeSpan.FromSeconds(2);
            options.SocketIO.Parser = parser;
            if (maxPayload is { } limit)
            {
                options.EngineIO.MaxPayload = limit;
            }
        });
        var app = builder.Build();
        SocketIOTestHost? created = null;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Upgrade.Count > 0)
            {
                Interlocked.Increment(ref created!._httpUpgradeRequests);
            }

            return next(context);
        });
        var host = created = new SocketIOTestHost(app, logs);
        host.Configure();
        await app.StartAsync();
        return host;
    }

    public Task WaitForReasonsAsync(int count) =>
        Poll.UntilAsync(() => DisconnectReasons.Count >= count, $"{count} disconnect reasons (so far: {string.Join(", ", DisconnectReasons)})");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Configure()
    {
        var root = Server.Of("/");

        // Disconnects the main-namespace socket of an Engine.IO session from outside it (a request of its own),
        // so a client can time the kick, for example while its upgrade waits.
        _app.MapPost("/kick", async (string sid, bool close) =>
        {
            // The kick may race the CONNECT of that session: wait for its socket (a test fails on a socket never seen).
            await Poll.UntilAsync(() => _bySession.ContainsKey(sid), "the socket of session " + sid);
            _bySession.TryGetValue(sid, out var socket);
            socket?.Disconnect(close);
            return socket is null ? Results.NotFound() : Results.Ok();
        });
        root.OnConnection(socket =>
        {
            _bySession[socket.SessionId] = socket;
            socket.OnDisconnect(reason =>
            {
                _bySession.TryRemove(new KeyValuePair<string, Socket>(socket.SessionId, socket));
                DisconnectReasons.Enqueue(reason);
                return ValueTask.CompletedTask;
            });
            socket.On("kick", e =>
            {
                e.Socket.Disconnect(close: e.Arguments.Count > 0 && e.Arguments[0].Span.SequenceEqual("true"u8));
                return ValueTask.CompletedTask;
            });
            socket.On("ask", async e =>
            {
                var answer = await e.Socket.EmitWithAckAsync("question", "\"why?\""u8, TimeSpan.FromSeconds(5));
                e.Socket.Emit("answer", answer[0].Span);
            });
            socket.On("poll", async e =>
            {
                var result = await root.EmitWithAckAsync("vote", 0, static (_, _) => { }, TimeSpan.FromMilliseconds(700));
                e.Ack(result, static (w, r) =>
                {
                    w.Json.WriteStartObject();
                    w.Json.WriteNumber("recipients", r.Recipients);
                    w.Json.WriteBoolean("complete", r.IsComplete);
                    w.Json.WriteStartArray("responses");
                    foreach (var response in r.Responses.OrderBy(x => System.Text.Encoding.UTF8.GetString(x.Arguments[0].Span), StringComparer.Ordinal))
                    {
                        w.WriteJson(response.Arguments[0].Span);
                    }

                    w.Json.WriteEndArray();
                    w.Json.WriteEndObject();
                });
            });
            // The client batching tests: echo answers the arguments as they came; record keeps its argument, in the
            // order events arrived, and received answers everything recorded so far (as Node's test server does).
            socket.On("echo", e =>
            {
                e.Ack(e.Arguments, static (w, args) =>
                {
                    for (var i = 0; i < args.Count; i++)
                    {
                        w.WriteJson(args[i].Span);
                    }
                });
                return ValueTask.CompletedTask;
            });
            socket.On("record", e =>
            {
                Recorded.Enqueue(System.Text.Encoding.UTF8.GetString(e.Arguments[0].Span));
                return ValueTask.CompletedTask;
            });
            socket.On("received", e =>
            {
                e.Ack(Recorded.ToArray(), static (w, recorded) =>
                {
                    w.Json.WriteStartArray();
                    foreach (var value in recorded)
                    {
                        w.Json.WriteRawValue(value);
                    }

                    w.Json.WriteEndArray();
                });
                return ValueTask.CompletedTask;
            });
            socket.On("binaries", e =>
            {
                e.Ack(e.Arguments, static (w, args) =>
                {
                    args.TryGetBinary(0, out var first);
                    args.TryGetBinary(1, out var second);
                    w.WriteBinary(second);
                    w.Json.WriteStringValue("between");
                    w.WriteBinary(first);
                });
                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });

        var secure = Server.Of("/secure");
        secure.Use(socket =>
        {
            var reader = new System.Text.Json.Utf8JsonReader(socket.Auth.Span);
            var authorized = false;
            while (reader.Read())
            {
                if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("token"u8))
                {
                    reader.Read();
                    authorized = reader.TokenType == System.Text.Json.JsonTokenType.String && reader.ValueTextEquals("secret"u8);
                }
            }

            socket.Items["user"] = "alice";
            socket.Items["tag"] = socket.Handshake.Query["tag"].ToString();
            return ValueTask.FromResult(authorized ? null : new ConnectError("Not authorized", """{"code":7}"""u8.ToArray()));
        });
        secure.OnConnection(socket =>
        {
            socket.Emit("auth", socket.Auth.Span);
            socket.Emit("user", System.Text.Encoding.UTF8.GetBytes($"\"{socket.Items["user"]}\""));
            socket.Emit("tag", (string)socket.Items["tag"]!, static (w, tag) => w.Json.WriteStringValue(tag));
            return ValueTask.CompletedTask;
        });
    }
}
