using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>The <see cref="IHubContext{THub, TClient}"/> of one hub's namespace.</summary>
internal sealed class HubContext<THub, TClient> : IHubContext<THub, TClient>
    where THub : Hub<TClient>, IHubDefinition<TClient>
    where TClient : class
{
    /// <summary>The context of <typeparamref name="THub"/>'s namespace on <paramref name="server"/>.</summary>
    public HubContext(SocketIOServer server, HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var @namespace = server.Of(THub.Namespace);
        Clients = new HubClients<TClient>(@namespace, THub.CreateClientProxy, options.ClientResultTimeout);
        Groups = new HubGroups(@namespace, null);
    }

    public HubClients<TClient> Clients { get; }

    public HubGroups Groups { get; }
}
