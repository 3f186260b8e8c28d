using TypedSockets.Hubs;

namespace TypedSockets.Benchmarks.Hubs;

/// <summary>The events the dispatch benchmarks send to <see cref="DispatchBenchHub"/>.</summary>
public interface IDispatchBenchHub
{
    Task Send(string text, int count);

    ValueTask<RawJson> Echo(RawJson payload);
}
