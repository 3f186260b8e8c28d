using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TypedSockets.Benchmarks.Client;

/// <summary>
/// A server on 127.0.0.1 (a free port) in the benchmark's own process, as bench/Server and bench/Peers/SignalR run
/// theirs: the TypedSockets typed hub with the fast path on (bench/Server's default), or SignalR's hub at <c>/hub</c>.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static Task<InProcessServer> StartTypedSocketsAsync() => StartAsync(
        builder =>
        {
            builder.Services.AddTypedSockets();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseTypedSocketsFastPath()));
        },
        app => app.MapHub<ClientBenchHub>());

    public static Task<InProcessServer> StartSignalRAsync() => StartAsync(
        builder => builder.Services.AddSignalR(),
        app => app.MapHub<SignalRClientBenchHub>("/hub"));

    private static async Task<InProcessServer> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new InProcessServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
