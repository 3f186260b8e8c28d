using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;

namespace TypedSockets.Tests.EngineIO;

/// <summary>An Engine.IO endpoint at <c>/socket.io/</c> on Kestrel, bound to 127.0.0.1 on a free port.</summary>
internal sealed class EngineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineTestServer(WebApplication app, EngineServer server, RecordingEngineHandler handler, ListLoggerProvider logs, Uri baseUri)
    {
        _app = app;
        Server = server;
        Handler = handler;
        Logs = logs;
        BaseUri = baseUri;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
    }

    public EngineServer Server { get; }

    public RecordingEngineHandler Handler { get; }

    public ListLoggerProvider Logs { get; }

    public Uri BaseUri { get; }

    public HttpClient Client { get; }

    public static async Task<EngineTestServer> StartAsync(Action<EngineOptions>? configure = null, TimeProvider? timeProvider = null, RecordingEngineHandler? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var app = builder.Build();
        var options = new EngineOptions();
        configure?.Invoke(options);
        handler ??= new RecordingEngineHandler();
        var server = new EngineServer(options, handler, app.Services.GetRequiredService<ILoggerFactory>(), timeProvider ?? TimeProvider.System);
        app.Map(EngineOptions.DefaultPath, (RequestDelegate)server.HandleRequestAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        return new EngineTestServer(app, server, handler, logs, new Uri(address + "/"));
    }

    public static string Url(string sid, string transport = "polling") => $"socket.io/?EIO=4&transport={transport}&sid={Uri.EscapeDataString(sid)}";

    public Uri WebSocketUri(string? sid = null)
    {
        var query = sid is null ? string.Empty : "&sid=" + Uri.EscapeDataString(sid);
        return new Uri($"ws://{BaseUri.Authority}/socket.io/?EIO=4&transport=websocket{query}");
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

    /// <summary>POST that must be answered <c>ok</c>.</summary>
    public async Task PushAsync(string sid, string body)
    {
        using var response = await PostAsync(sid, body);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Server.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
