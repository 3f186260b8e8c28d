using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>Chooses the backplane of <see cref="RedisBackplaneOptions.Protocol"/> for the services <c>AddRedis</c> registers.</summary>
internal static class SocketIOAdapterRegistration
{
    public static void Add(IServiceCollection services) =>
        services.TryAddSingleton(static provider => new SocketIORedisAdapter(
            provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));

    public static bool UsesSocketIO(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value.Protocol == RedisBackplaneProtocol.SocketIO;

    public static ISocketIOBackplane Backplane(IServiceProvider provider) => UsesSocketIO(provider)
        ? provider.GetRequiredService<SocketIORedisAdapter>()
        : provider.GetRequiredService<RedisBackplane>();

    /// <summary>The chosen backplane as a hosted service (a type of its own: the host tells hosted services apart by type).</summary>
    public static SelectedBackplaneService HostedService(IServiceProvider provider) => new(UsesSocketIO(provider)
        ? provider.GetRequiredService<SocketIORedisAdapter>()
        : provider.GetRequiredService<RedisBackplane>());

    public static IHealthCheck HealthCheck(IServiceProvider provider) => UsesSocketIO(provider)
        ? new SocketIOAdapterHealthCheck(provider.GetRequiredService<SocketIORedisAdapter>())
        : new RedisBackplaneHealthCheck(provider.GetRequiredService<RedisBackplane>());
}

/// <summary>Starts and stops the backplane the options chose.</summary>
internal sealed class SelectedBackplaneService(IHostedService backplane) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => backplane.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => backplane.StopAsync(cancellationToken);
}

/// <summary>Healthy while the socket.io-compatible backplane reaches Redis.</summary>
internal sealed class SocketIOAdapterHealthCheck(SocketIORedisAdapter adapter) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(adapter.IsConnected
            ? HealthCheckResult.Healthy($"socket.io Redis adapter node {adapter.Uid} is connected.")
            : HealthCheckResult.Unhealthy($"socket.io Redis adapter node {adapter.Uid} cannot reach Redis; only local clients are served."));
}
