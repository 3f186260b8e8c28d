using SeedTour.Contracts;
using TypedSockets.Hubs;

namespace SeedTour.Hubs;

/// <summary>The seed's <c>/stackabuse</c> namespace: every connect tells everyone there.</summary>
[Hub("/stackabuse", JsonContext = typeof(SeedTourJsonContext))]
public sealed partial class StackAbuseHub : Hub<IStackAbuseClient>, IStackAbuseHub
{
    private readonly ILogger<StackAbuseHub> _logger;

    public StackAbuseHub(ILogger<StackAbuseHub> logger)
    {
        _logger = logger;
    }

    public override Task OnConnected()
    {
        SeedTourLog.StackAbuseConnected(_logger);
        return Clients.All.Stats(new StackAbuseStats("some data"));
    }
}
