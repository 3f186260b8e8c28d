using TypedSockets.Hubs;

namespace TypedSockets.Benchmarks.Client;

/// <summary>The in-process TypedSockets server's hub: bench/Server's typed hub, with string payloads.</summary>
[Hub("/")]
public sealed partial class ClientBenchHub : Hub<IClientBenchReceiver>, IClientBenchHub
{
    public const string Room = "bench";

    public ValueTask<string> Echo(string payload) => ValueTask.FromResult(payload);

    public Task Join() => Groups.Add(Room);

    public Task Publish(string payload) => Clients.Room(Room).Tick(payload);
}
