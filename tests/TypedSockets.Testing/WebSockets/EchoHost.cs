using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.Tests.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// Our server role in a real Kestrel on 127.0.0.1 with a free port:
/// <c>/echo</c> echoes (1 MiB limit), <c>/small</c> echoes with a 1 KiB limit and a 500 ms close timeout,
/// <c>/keepalive</c> echoes and pings every 100 ms (1 s timeout), <c>/fakeclock</c> the same on
/// <see cref="Clock"/> every 10 s (5 s timeout), <c>/origin</c> accepts only origin
/// <c>http://good.example</c>, <c>/proto</c> speaks <c>chat.v2</c> and <c>chat.v1</c>, and <c>/commands</c>
/// obeys text commands: <c>close:CODE</c> closes with that code and reason "bye", <c>subprotocol</c>
/// answers the subprotocol, <c>preframed</c> sends "pre" and "framed" as pre-framed bytes in one
/// flush, <c>closeaside</c> closes from another task and records what the next receive returns,
/// <c>burst:N</c> sends "0".."N-1" from four concurrent senders. The same endpoints are served over HTTP/2 only on
/// <see cref="Http2Port"/>.
/// </summary>
public sealed class EchoHost : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri HttpBase { get; private set; } = null!;

    public int Port => HttpBase.Port;

    internal ListLoggerProvider Logs { get; } = new();

    /// <summary>The clock of <c>/fakeclock</c>, which pings every 10 s with a 5 s timeout.</summary>
    public FakeTimeProvider Clock { get; } = new();

    /// <summary>What the receive after a <c>closeaside</c> command returned ("Close") or threw (the exception type).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> CloseAsideOutcomes { get; } = new();

    /// <summary>Set when the handler of a <c>closeaside</c> command enters its receive after the close.</summary>
    public TaskCompletionSource CloseAsideReceiving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A second endpoint that speaks HTTP/2 only (prior knowledge), where WebSockets open with an extended CONNECT.</summary>
    public int Http2Port { get; private set; }

    public Uri WebSocketUri(string path) => new($"ws://127.0.0.1:{Port}{path}");

    public Uri Http2WebSocketUri(string path) => new($"ws://127.0.0.1:{Http2Port}{path}");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        ListenOptions? http2 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
            {
                Http2WebSockets.Http2Only(listen);
                http2 = listen;
            });
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs);
        var app = builder.Build();
        app.MapWebSocket("/echo", EchoAsync);
        app.MapWebSocket("/small", EchoAsync, options =>
        {
            options.MaxMessageSize = 1024;
            options.CloseTimeout = TimeSpan.FromMilliseconds(500);
        });
        app.MapWebSocket("/keepalive", EchoAsync, options =>
        {
            options.KeepAliveInterval = TimeSpan.FromMilliseconds(100);

            // Generous against scheduling delays on a loaded machine; tests wait well past it.
            options.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        });
        app.MapWebSocket("/fakeclock", EchoAsync, options =>
        {
            options.TimeProvider = Clock;
            options.KeepAliveInterval = TimeSpan.FromSeconds(10);
            options.KeepAliveTimeout = TimeSpan.FromSeconds(5);
        });
        app.MapWebSocket("/origin", EchoAsync, options => options.OriginPolicy = origin => origin == "http://good.example");
        app.MapWebSocket("/proto", EchoAsync, options =>
        {
            options.SubProtocols.Add("chat.v2");
            options.SubProtocols.Add("chat.v1");
        });
        app.MapWebSocket("/commands", CommandsAsync);
        await app.StartAsync();
        // Kestrel writes the bound port back into each endpoint's options.
        Http2Port = ((System.Net.IPEndPoint)http2!.EndPoint).Port;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(address => new Uri(address).Port != Http2Port);
        HttpBase = new Uri(address);
        _app = app;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static async Task EchoAsync(WebSocketConnection connection, CancellationToken cancellationToken)
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
    }

    private async Task CommandsAsync(WebSocketConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await connection.ReceiveAsync(cancellationToken);
            if (message.Kind == WebSocketMessageKind.Close)
            {
                return;
            }

            var text = System.Text.Encoding.UTF8.GetString(message.Payload.Span);
            if (text.StartsWith("close:", StringComparison.Ordinal))
            {
                await connection.CloseAsync((WebSocketCloseCode)ushort.Parse(text[6..]), "bye", cancellationToken);
                return;
            }

            if (text == "closeaside")
            {
                // Another task closes while this loop is between two receives, as a sender loop would.
                _ = Task.Run(async () => await connection.CloseAsync(WebSocketCloseCode.GoingAway, "aside"), CancellationToken.None);

                // Scenario, not a wait: the close usually goes out before the receive starts. The receive returns the
                // close either way, so nothing the test observes depends on this pause.
                await Task.Delay(200, cancellationToken);
                try
                {
                    var receiving = connection.ReceiveAsync(cancellationToken);
                    CloseAsideReceiving.TrySetResult();
                    CloseAsideOutcomes.Enqueue((await receiving).Kind.ToString());
                }
                catch (Exception exception)
                {
                    CloseAsideOutcomes.Enqueue(exception.GetType().Name);
                }

                return;
            }

            if (text == "preframed")
            {
                await connection.SendPreframedAsync(Frame("pre"), flush: false, cancellationToken);
                await connection.SendPreframedAsync(Frame("framed"), flush: true, cancellationToken);
            }

            if (text.StartsWith("burst:", StringComparison.Ordinal))
            {
                var count = int.Parse(text[6..]);
                var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
                {
                    for (var i = sender; i < count; i += 4)
                    {
                        await connection.SendAsync(System.Text.Encoding.UTF8.GetBytes(i.ToString()), WebSocketMessageKind.Text, cancellationToken);
                    }
                }));
                await Task.WhenAll(senders);
            }

            if (text == "subprotocol")
            {
                await connection.SendAsync(System.Text.Encoding.UTF8.GetBytes(connection.SubProtocol ?? "none"), WebSocketMessageKind.Text, cancellationToken);
            }
        }
    }

    private static byte[] Frame(string text)
    {
        var payload = System.Text.Encoding.UTF8.GetBytes(text);
        var frame = new byte[WebSocketFrameHeader.GetUnmaskedSize(payload.Length) + payload.Length];
        var header = WebSocketFrameHeader.WriteUnmasked(frame, WebSocketOpcode.Text, payload.Length);
        payload.CopyTo(frame, header);
        return frame;
    }
}
