using SeedTour.Contracts;
using TypedSockets.Hubs;
using TypedSockets.Redis;
using TypedSockets.SocketIO;

namespace SeedTour.Hubs;

/// <summary>
/// The <c>stats</c> of <see cref="SeedTourHub"/>: the sockets of its namespace on every node of the cluster (this
/// node's alone without Redis). Each node tells its own clients, after every change anywhere in the cluster.
/// </summary>
public sealed class SeedTourStats
{
    private const string ChangedEvent = "statsChanged";

    // The count is read and sent one at a time, so the last stats this node's clients see is the current count.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Namespace _namespace;
    private readonly ISeedTourClient _localClients;
    private readonly ILogger<SeedTourHub> _logger;

    public SeedTourStats(SocketIOServer server, IHubContext<SeedTourHub, ISeedTourClient> hub, ILogger<SeedTourHub> logger)
    {
        _namespace = server.Of("/");
        _localClients = hub.Clients.Broadcast(_namespace.Local);
        _logger = logger;
    }

    /// <summary>Sends the count again whenever another node's clients changed or expired nodes left the cluster.</summary>
    public void ListenToCluster()
    {
        _namespace.OnServerSideEvent(ChangedEvent, _ => new ValueTask(SendAsync()));
        _namespace.OnServerSideEvent(RedisBackplane.NodesExpiredEvent, _ => new ValueTask(SendAsync()));
    }

    /// <summary>A client connected to or left this node: every node sends the new count.</summary>
    public Task OnClientsChangedAsync()
    {
        _namespace.ServerSideEmit(ChangedEvent);
        return SendAsync();
    }

    private async Task SendAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var count = await _namespace.CountAsync();
            await _localClients.Stats(new Stats(count));
            SeedTourLog.ConnectedClients(_logger, count);
        }
        finally
        {
            _gate.Release();
        }
    }
}
