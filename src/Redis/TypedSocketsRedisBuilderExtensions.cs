using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;
using TypedSockets.Redis;
using TypedSockets.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Joins TypedSockets servers into a cluster over Redis.</summary>
public static class TypedSocketsRedisBuilderExtensions
{
    /// <summary>
    /// Replaces the single-node (in-memory) backplane with Redis at <paramref name="configuration"/> (a
    /// StackExchange.Redis configuration string such as <c>127.0.0.1:6379</c>), and adds the health check
    /// <c>typedsockets-redis</c>.
    /// </summary>
    public static TypedSocketsBuilder AddRedis(this TypedSocketsBuilder builder, string configuration, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var services = builder.Services;
        services.Configure<RedisBackplaneOptions>(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
        services.TryAddSingleton(static provider => new RedisBackplane(
            provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<ISocketIOBackplane>(static provider => provider.GetRequiredService<RedisBackplane>()));
        services.AddHostedService(static provider => provider.GetRequiredService<RedisBackplane>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "typedsockets-redis",
            static provider => new RedisBackplaneHealthCheck(provider.GetRequiredService<RedisBackplane>()),
            failureStatus: null,
            tags: null));
        return builder;
    }
}
