using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// The hubs of the application, announced by generated module initializers (so the closed generic types are
/// known to the AOT compiler) and registered as services by <c>AddTypedSockets</c>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HubRegistry
{
    private static readonly Lock Gate = new();
    private static Func<IServiceCollection, IServiceCollection>[] s_registrations = [];

    /// <summary>Called by generated code; not for application code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Add<THub, TClient>()
        where THub : Hub<TClient>, IHubDefinition<TClient>
        where TClient : class
    {
        lock (Gate)
        {
            s_registrations = [.. s_registrations, AddHubContext<THub, TClient>];
        }
    }

    /// <summary>
    /// Registers <see cref="IHubContext{THub, TClient}"/> of one hub. <c>AddTypedSockets</c> does it for every hub
    /// announced so far; call this for a hub of another assembly that nothing has loaded yet at that point.
    /// </summary>
    public static IServiceCollection AddHubContext<THub, TClient>(this IServiceCollection services)
        where THub : Hub<TClient>, IHubDefinition<TClient>
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IHubContext<THub, TClient>>(static provider => new HubContext<THub, TClient>(
            provider.GetRequiredService<SocketIOServer>(),
            provider.GetRequiredService<HubOptions>()));
        return services;
    }

    /// <summary>Registers <see cref="IHubContext{THub, TClient}"/> for every hub announced so far.</summary>
    public static void AddServices(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var registration in Volatile.Read(ref s_registrations))
        {
            registration(services);
        }
    }
}
