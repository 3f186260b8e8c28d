using Microsoft.AspNetCore.SignalR;

namespace TypedSockets.Benchmarks.Client;

/// <summary>The in-process SignalR server's hub: bench/Peers/SignalR's, the same shape.</summary>
public sealed class SignalRClientBenchHub : Hub
{
    public string Echo(string payload) => payload;

    public Task Join() => Groups.AddToGroupAsync(Context.ConnectionId, ClientBenchHub.Room);

    public Task Publish(string payload) => Clients.Group(ClientBenchHub.Room).SendAsync("tick", payload);
}
