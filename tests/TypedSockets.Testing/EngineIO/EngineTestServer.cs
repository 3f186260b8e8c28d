using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.Hosting;

namespace TypedSockets.Tests.EngineIO;

/// <summary>An Engine.IO endpoint at <c>/socket.io/</c> on Kestrel, bound to 127.0.0.1 on a free port.</summary>
internal sealed class EngineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _getsHeld = new();
    private int _httpUpgradeRequests;

    private EngineTestServer(WebApplication app, EngineServer server, RecordingEngineHandler handler, ListLoggerProvider logs, Uri baseUri)
    {
        _app = app;
        Server = server;
        Handler = handler;
        Logs = logs;
        BaseUri = baseUri;
        // The HTTPS variant uses a self-signed certificate made for the test.
        var httpHandler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        Client = new HttpClient(httpHandler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public EngineServer Server { get; }

    public RecordingEngineHandler Handler { get; }

    public ListLoggerProvider Logs { get; }

    public Uri BaseUri { get; }

    public int Port => BaseUri.Port;

    public HttpClient Client { get; }

    /// <summary>WebSocket handshakes that reached the HTTP pipeline (none do when the fast path takes them).</summary>
    public int HttpUpgradeRequests => Volatile.Read(ref _httpUpgradeRequests);

    /// <summary>
    /// Starts the endpoint (Kestrel's limits set by <paramref name="kestrel"/>, its HTTP endpoint's settings by
    /// <paramref name="endpoint"/>); with <paramref name="fastPath"/>, Kestrel's endpoint uses <c>UseTypedSocketsFastPath</c>;
    /// with <paramref name="certificate"/>, HTTPS only.
    /// </summary>
    public static async Task<EngineTestServer> StartAsync(Action<EngineOptions>? configure = null, TimeProvider? timeProvider = null, IEngineSessionAcceptor? handler = null, bool fastPath = false, X509Certificate2? certificate = null, Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null, Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? endpoint = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (kestrel is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel);
        }

        if (fastPath)
        {
            builder.Services.AddSingleton<FastPathRoutes>();
        }

        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");

            // One action: each ConfigureEndpointDefaults replaces the one before.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            {
                endpoint?.Invoke(listen);
                if (fastPath)
                {
                    listen.UseTypedSocketsFastPath();
                }
            }));
        }
        else
        {
            // TLS first, so the fast path reads decrypted bytes.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.UseHttps(certificate);
                if (fastPath)
                {
                    listen.UseTypedSocketsFastPath();
                }
            }));
        }

        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var app = builder.Build();
        var options = new EngineOptions();
        configure?.Invoke(options);
        var recording = handler as RecordingEngineHandler ?? new RecordingEngineHandler();
        var server = new EngineServer(options, handler ?? recording, app.Services.GetRequiredService<ILoggerFactory>(), timeProvider ?? TimeProvider.System);
        app.Services.GetService<FastPathRoutes>()?.Add(EngineOptions.DefaultPath, server);
        EngineTestServer? created = null;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Upgrade.Count > 0)
            {
                Interlocked.Increment(ref created!._httpUpgradeRequests);
            }

            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Query["sid"] is [{ } sid])
            {
                // The endpoint runs synchronously until it parks the poll (or answers it): once next returns, the
                // server holds this GET.
                var handling = next(context);
                created!._getsHeld.AddOrUpdate(sid, 1, static (_, n) => n + 1);
                return handling;
            }

            return next(context);
        });
        app.Map(EngineOptions.DefaultPath, (RequestDelegate)server.HandleRequestAsync);
        app.MapGet("/hello", () => "hello over HTTP");
        await app.StartAsync();
        var address = app.Urls.First();
        created = new EngineTestServer(app, server, recording, logs, new Uri(address + "/"));
        return created;
    }

    public static string Url(string sid, string transport = "polling") => $"socket.io/?EIO=4&transport={transport}&sid={Uri.EscapeDataString(sid)}";

    public Uri WebSocketUri(string? sid = null)
    {
        var query = sid is null ? string.Empty : "&sid=" + Uri.EscapeDataString(sid);
        var scheme = BaseUri.Scheme == "https" ? "wss" : "ws";
        return new Uri($"{scheme}://{BaseUri.Authority}/socket.io/?EIO=4&transport=websocket{query}");
    }

    /// <summary>A polling handshake; returns the sid.</summary>
    public async Task<string> OpenPollingAsync()
    {
        var body = await Client.GetStringAsync("socket.io/?EIO=4&transport=polling");
        Assert.StartsWith("0{", body, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(body.AsMemory(1));
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    public Task<HttpResponseMessage> GetAsync(string sid, CancellationToken cancellationToken = default) =>
        Client.GetAsync(Url(sid), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        Client.PostAsync(Url(sid), new StringContent(body, Encoding.UTF8, "text/plain"));

    /// <summary>GET that must succeed; returns the body.</summary>
    public async Task<string> PollAsync(string sid)
    {
        using var response = await GetAsync(sid);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Starts a long poll and returns it once the server holds it, so that whatever the test sends next arrives
    /// while this poll is pending.
    /// </summary>
    public Task<Task<string>> StartPollAsync(string sid) => HeldAsync(sid, () => PollAsync(sid));

    /// <summary>Starts a GET and returns it once the server holds it (see <see cref="StartPollAsync"/>).</summary>
    public Task<Task<HttpResponseMessage>> StartGetAsync(string sid, CancellationToken cancellationToken = default) =>
        HeldAsync(sid, () => GetAsync(sid, cancellationToken));

    /// <summary>POST that must be answered <c>ok</c>.</summary>
    public async Task PushAsync(string sid, string body)
    {
        using var response = await PostAsync(sid, body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    private async Task<T> HeldAsync<T>(string sid, Func<T> start)
        where T : Task
    {
        var before = _getsHeld.GetValueOrDefault(sid);
        var request = start();
        await TypedSockets.Testing.Poll.UntilAsync(() => _getsHeld.GetValueOrDefault(sid) > before || request.IsCompleted, "the server to hold the GET of " + sid);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
