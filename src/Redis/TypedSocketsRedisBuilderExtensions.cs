using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;
using TypedSockets.Redis;
using TypedSockets.Redis.SocketIOAdapter;
using TypedSockets.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Joins TypedSockets servers into a cluster over Redis.</summary>
public static class TypedSocketsRedisBuilderExtensions
{
    /// <summary>
    /// Replaces the single-node (in-memory) backplane with Redis at <paramref name="configuration"/> (a
    /// StackExchange.Redis configuration string such as <c>127.0.0.1:6379</c>), and adds the health check
    /// <c>typedsockets-redis</c>. The options are validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder <c>AddTypedSockets</c> returned.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    /// <param name="configure">Sets the other options in code.</param>
    public static TypedSocketsBuilder AddRedis(this TypedSocketsBuilder builder, string configuration, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        return AddRedisCore(builder, section: null, options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// As <see cref="AddRedis(TypedSocketsBuilder, string, Action{RedisBackplaneOptions}?)"/>, with the options bound
    /// from <paramref name="section"/>, usually <c>builder.Configuration.GetSection("TypedSockets:Redis")</c>
    /// (<see cref="RedisBackplaneOptions.SectionName"/>): keys <c>Configuration</c>, <c>Prefix</c>,
    /// <c>HeartbeatInterval</c>, <c>NodeTimeout</c>, <c>OperationTimeout</c>, <c>ReconnectInterval</c>, <c>Protocol</c>, <c>SocketIOKey</c>.
    /// </summary>
    /// <param name="builder">The builder <c>AddTypedSockets</c> returned.</param>
    /// <param name="section">The section holding the options; validation messages name options by its path.</param>
    /// <param name="configure">Sets options in code; runs after the binding, so it wins over configuration.</param>
    public static TypedSocketsBuilder AddRedis(this TypedSocketsBuilder builder, IConfiguration section, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return AddRedisCore(builder, section, configure);
    }

    private static TypedSocketsBuilder AddRedisCore(TypedSocketsBuilder builder, IConfiguration? section, Action<RedisBackplaneOptions>? configure)
    {
        var services = builder.Services;
        var options = services.AddOptions<RedisBackplaneOptions>();
        if (section is not null)
        {
            // Replaced at compile time by the configuration binding source generator: no reflection.
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        var path = section is null ? RedisBackplaneOptions.SectionName : (section as IConfigurationSection)?.Path ?? string.Empty;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisBackplaneOptions>>(new RedisBackplaneOptionsValidator(path)));
        options.ValidateOnStart();

        services.TryAddSingleton(static provider => new RedisBackplane(
            provider.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>()));
        // The protocol is an option, known once the options are built: each registration picks its implementation then.
        SocketIOAdapterRegistration.Add(services);
        services.Replace(ServiceDescriptor.Singleton<ISocketIOBackplane>(static provider => SocketIOAdapterRegistration.Backplane(provider)));
        services.AddHostedService(static provider => SocketIOAdapterRegistration.HostedService(provider));
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "typedsockets-redis",
            static provider => SocketIOAdapterRegistration.HealthCheck(provider),
            failureStatus: null,
            tags: null));
        return builder;
    }
}
