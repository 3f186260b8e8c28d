namespace TypedSockets.Hubs;

/// <summary>
/// A hub's clients and rooms from outside the hub (a background service, a controller). Resolve it from the
/// services; the generator registers one for every hub.
/// </summary>
public interface IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
{
    /// <summary>Typed proxies for every client of the hub's namespace, rooms and single connections.</summary>
    HubClients<TClient> Clients { get; }

    /// <summary>The rooms of the hub's namespace.</summary>
    HubGroups Groups { get; }
}
