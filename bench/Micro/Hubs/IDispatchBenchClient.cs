namespace TypedSockets.Benchmarks.Hubs;

/// <summary>What <see cref="DispatchBenchHub"/> could send back (the dispatch benchmarks never call it).</summary>
public interface IDispatchBenchClient
{
    Task Sent(int count);
}
