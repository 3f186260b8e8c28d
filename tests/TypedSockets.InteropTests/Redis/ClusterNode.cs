using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.Redis;

/// <summary>
/// One node of an in-process cluster: an application on Kestrel (127.0.0.1, free port) with
/// <c>AddTypedSockets().AddRedis(...)</c> and <c>MapSocketIO</c>, for the cluster operations SeedTour does not use.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClusterNode(WebApplication app)
    {
        _app = app;
        Server = app.MapSocketIO();
        Root = Server.Of("/");
        Admin = Server.Of("/admin");
    }

    public string BaseUrl => _app.Urls.First();

    public SocketIOServer Server { get; }

    public Namespace Root { get; }

    /// <summary>A second namespace: its traffic must not reach the sockets of <see cref="Root"/>.</summary>
    public Namespace Admin { get; }

    /// <summary>The node's services (its meter factory, for the telemetry tests).</summary>
    public IServiceProvider Services => _app.Services;

    public bool IsConnected => _app.Services.GetRequiredService<TypedSockets.Redis.RedisBackplane>().IsConnected;

    public string NodeId => _app.Services.GetRequiredService<TypedSockets.Redis.RedisBackplane>().NodeId;

    /// <summary>A node; <paramref name="nodeTimeout"/> (default 2 s) is how long the others count it after its last heartbeat.</summary>
    public static async Task<ClusterNode> StartAsync(string redis, Action<TypedSockets.Redis.RedisBackplaneOptions>? configure = null, Action<TypedSockets.Hosting.TypedSocketsOptions>? configureServer = null, TimeSpan? nodeTimeout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTypedSockets(configureServer).AddRedis(redis, options =>
        {
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
            options.NodeTimeout = nodeTimeout ?? TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        var node = new ClusterNode(app);
        await app.StartAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
