using Microsoft.Extensions.Options;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>The <see cref="IHubContext{THub, TClient}"/> of one hub's namespace.</summary>
internal sealed class HubContext<THub, TClient> : IHubContext<THub, TClient>
    where THub : Hub<TClient>, IHubDefinition<TClient>
    where TClient : class
{
    public HubContext(SocketIOServer server, IOptions<HubOptions> options)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        var @namespace = server.Of(THub.Namespace);
        Clients = new HubClients<TClient>(@namespace, THub.CreateClientProxy, options.Value.ClientResultTimeout);
        Groups = new HubGroups(@namespace, null);
    }

    public HubClients<TClient> Clients { get; }

    public HubGroups Groups { get; }
}
