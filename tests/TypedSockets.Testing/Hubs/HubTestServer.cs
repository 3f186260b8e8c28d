using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Hosting;
using TypedSockets.Hubs;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>Kestrel on 127.0.0.1 (free port) serving <see cref="TestHub"/>, plus <c>GET /broadcast</c> through the hub context.</summary>
internal sealed class HubTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubTestServer(WebApplication app, Uri baseUri, ListLoggerProvider logs)
    {
        _app = app;
        BaseUri = baseUri;
        Logs = logs;
    }

    public Uri BaseUri { get; }

    public string BaseUrl => BaseUri.ToString().TrimEnd('/');

    public ListLoggerProvider Logs { get; }

    public InvocationCounter Counter => _app.Services.GetRequiredService<InvocationCounter>();

    public IHubContext<TestHub, ITestClient> HubContext => _app.Services.GetRequiredService<IHubContext<TestHub, ITestClient>>();

    public static async Task<HubTestServer> StartAsync(Action<TypedSocketsOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddTypedSockets(configure);
        builder.Services.AddSingleton<InvocationCounter>();
        var app = builder.Build();
        app.MapHub<TestHub>();
        app.MapGet("/broadcast", async (string text, IHubContext<TestHub, ITestClient> hub) =>
        {
            await hub.Clients.All.Notice(new Note(text, 2));
            return Results.Ok();
        });
        await app.StartAsync();
        return new HubTestServer(app, new Uri(app.Urls.First() + "/"), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
