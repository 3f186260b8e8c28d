using TypedSockets.Hubs;

namespace TypedSockets.Benchmarks.Hubs;

/// <summary>A hub whose methods do nothing but take their arguments, so the benchmarks measure the dispatch around them.</summary>
[Hub("/")]
public sealed partial class DispatchBenchHub : Hub<IDispatchBenchClient>, IDispatchBenchHub
{
    public static int LastCount { get; private set; }

    public Task Send(string text, int count)
    {
        LastCount = count + text.Length;
        return Task.CompletedTask;
    }

    public ValueTask<RawJson> Echo(RawJson payload) => ValueTask.FromResult(payload);
}
