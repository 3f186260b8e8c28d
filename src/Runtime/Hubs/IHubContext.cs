namespace TypedSockets.Hubs;

/// <summary>
/// A hub's clients and rooms from outside the hub (a background service, a controller). Resolve it from the
/// services; the generator registers one for every hub.
/// </summary>
public interface IHubContext<THub, TClient>
    where THub : Hub<TClient>
    where TClient : class
{
    HubClients<TClient> Clients { get; }

    HubGroups Groups { get; }
}
