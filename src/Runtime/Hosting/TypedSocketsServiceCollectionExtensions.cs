using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;
using TypedSockets.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers TypedSockets with the application's services.</summary>
public static class TypedSocketsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket.IO server (one per application, shared by every namespace) with its options,
    /// logging and <see cref="TimeProvider"/> (the system clock unless one is registered). A registered
    /// <see cref="ISocketIOBackplane"/> (for example from <c>AddRedis</c> on the returned builder) joins it to a cluster.
    /// </summary>
    public static TypedSocketsBuilder AddTypedSockets(this IServiceCollection services, Action<TypedSocketsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.AddLogging();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FastPathRoutes>();
        services.TryAddSingleton(static provider => new SocketIOServer(
            provider.GetRequiredService<IOptions<TypedSocketsOptions>>().Value.SocketIO,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ISocketIOBackplane>()));
        TypedSockets.Hubs.Infrastructure.HubRegistry.AddServices(services);
        return new TypedSocketsBuilder(services);
    }
}
