using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedSockets.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a <see cref="TypedSocketsEmitter"/>: publishing to a cluster's clients from a worker or console app.</summary>
public static class TypedSocketsEmitterServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="TypedSocketsEmitter"/> (a singleton, connected to Redis when first resolved) publishing
    /// through Redis at <paramref name="configuration"/> (a StackExchange.Redis configuration string such as
    /// <c>127.0.0.1:6379</c>). Set <see cref="RedisBackplaneOptions.Protocol"/> and the prefix or key as the servers have them.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    /// <param name="configure">Sets the protocol, <see cref="RedisBackplaneOptions.Prefix"/> or <see cref="RedisBackplaneOptions.SocketIOKey"/>.</param>
    public static IServiceCollection AddTypedSocketsEmitter(this IServiceCollection services, string configuration, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var options = new RedisBackplaneOptions { Configuration = configuration };
        configure?.Invoke(options);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(configure));
        services.TryAddSingleton(_ => new TypedSocketsEmitter(options));
        return services;
    }

    /// <summary>
    /// As <see cref="AddTypedSocketsEmitter(IServiceCollection, string, Action{RedisBackplaneOptions}?)"/>, with the
    /// options bound from <paramref name="section"/> (the servers' <see cref="RedisBackplaneOptions.SectionName"/>
    /// section serves: <c>Configuration</c>, <c>Protocol</c>, <c>Prefix</c>, <c>SocketIOKey</c>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="section">The section holding the options.</param>
    /// <param name="configure">Sets options in code, after the binding.</param>
    public static IServiceCollection AddTypedSocketsEmitter(this IServiceCollection services, IConfiguration section, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var options = new RedisBackplaneOptions();
        // Replaced at compile time by the configuration binding source generator: no reflection.
        section.Bind(options);
        configure?.Invoke(options);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(section));
        services.TryAddSingleton(_ => new TypedSocketsEmitter(options));
        return services;
    }
}
