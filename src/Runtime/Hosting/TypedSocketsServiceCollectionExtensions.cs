using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.Diagnostics;
using TypedSockets.Hosting;
using TypedSockets.Hubs;
using TypedSockets.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers TypedSockets with the application's services.</summary>
public static class TypedSocketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket.IO server (one per application, shared by every namespace) with its options,
    /// logging and <see cref="TimeProvider"/> (the system clock unless one is registered). A registered
    /// <see cref="ISocketIOBackplane"/> (for example from <c>AddRedis</c> on the returned builder) joins it to a cluster.
    /// The options are validated when the host starts: an invalid value fails the start with an
    /// <see cref="OptionsValidationException"/> naming the option (<c>TypedSockets:EngineIO:PingInterval …</c>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets options in code; runs after any configuration binding.</param>
    public static TypedSocketsBuilder AddTypedSockets(this IServiceCollection services, Action<TypedSocketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddTypedSocketsCore(services, configuration: null, configure);
    }

    /// <summary>
    /// As <see cref="AddTypedSockets(IServiceCollection, Action{TypedSocketsOptions}?)"/>, with the options bound
    /// from <paramref name="configuration"/>, usually <c>builder.Configuration.GetSection("TypedSockets")</c>
    /// (<see cref="TypedSocketsOptions.SectionName"/>): keys such as <c>EngineIO:PingInterval</c> (<c>"00:00:25"</c>),
    /// <c>EngineIO:AllowedOrigins:0</c>, <c>SocketIO:ConnectTimeout</c>, <c>Hubs:DetailedErrors</c>. A reload of the
    /// configuration is seen by <see cref="IOptionsMonitor{TOptions}"/>; the running server keeps the values it started with.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The section holding the options; validation messages name options by its path.</param>
    /// <param name="configure">Sets options in code; runs after the binding, so it wins over configuration.</param>
    public static TypedSocketsBuilder AddTypedSockets(this IServiceCollection services, IConfiguration configuration, Action<TypedSocketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return AddTypedSocketsCore(services, configuration, configure);
    }

    private static TypedSocketsBuilder AddTypedSocketsCore(IServiceCollection services, IConfiguration? configuration, Action<TypedSocketsOptions>? configure)
    {
        services.AddLogging();
        var options = services.AddOptions<TypedSocketsOptions>();
        if (configuration is not null)
        {
            options.Configure(bound => TypedSocketsOptionsBinder.Bind(configuration, bound));
            services.AddSingleton<IOptionsChangeTokenSource<TypedSocketsOptions>>(new ConfigurationChangeTokenSource<TypedSocketsOptions>(configuration));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        // The first registration names the section in validation messages: the bound section's path when there is one.
        var path = configuration is null ? TypedSocketsOptions.SectionName : (configuration as IConfigurationSection)?.Path ?? string.Empty;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TypedSocketsOptions>>(new TypedSocketsOptionsValidator(path)));
        options.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FastPathRoutes>();
        TypedSocketsTelemetry.AddServices(services);
        services.TryAddSingleton(static provider => new SocketIOServer(
            provider.GetRequiredService<IOptions<TypedSocketsOptions>>().Value.SocketIO,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ISocketIOBackplane>())
        {
            Metrics = provider.GetRequiredService<TypedSocketsMetrics>(),
        });

        // The hub layer knows nothing of hosting: it is handed its part of the root options.
        services.TryAddSingleton(static provider => provider.GetRequiredService<IOptions<TypedSocketsOptions>>().Value.Hubs);
        TypedSockets.Hubs.Infrastructure.HubRegistry.AddServices(services);
        return new TypedSocketsBuilder(services);
    }
}
