using TypedSockets.Hubs;

namespace TypedSockets.Bench.Server;

/// <summary>The typed-hub server of the benchmarks (<c>--api typed</c>): the same events as the low-level one.</summary>
[Hub("/")]
public sealed partial class BenchHub : Hub<IBenchClient>, IBenchHub
{
    public const string Room = "bench";

    public ValueTask<RawJson> Echo(RawJson payload) => ValueTask.FromResult(payload);

    public Task Join() => Groups.Add(Room);

    public Task Publish(RawJson payload) => Clients.Room(Room).Tick(payload);
}
