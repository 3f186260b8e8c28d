using Microsoft.AspNetCore.SignalR;

namespace TypedSockets.Bench.Peers.SignalR;

/// <summary>The benchmark contract (docs/samples.md) as a SignalR hub (method names match case-insensitively).</summary>
public sealed class BenchHub : Hub
{
    private const string Room = "bench";

    public string Echo(string payload) => payload;

    public Task Join() => Groups.AddToGroupAsync(Context.ConnectionId, Room);

    public Task Publish(string payload) => Clients.Group(Room).SendAsync("tick", payload);
}
