using System.Diagnostics;
using TypedSockets.Bench.LoadGen;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>The counters read at both ends of the measured window.</summary>
internal readonly record struct Snapshot(long Timestamp, long Answered, long AllocatedBytes, int Gen0Collections,
    TimeSpan ClientCpu, TimeSpan ClientKernelCpu, TimeSpan ServerCpu)
{
    /// <summary>
    /// Allocations of the whole client process, every thread (<c>GC.GetTotalAllocatedBytes(precise: true)</c>): the
    /// libraries decode answers and complete calls on their own receive threads, which a per-thread count would miss.
    /// The server runs in another process, so none of it is counted here.
    /// </summary>
    public static Snapshot Take(EchoLoad load, ServerProcess self, ServerProcess? server)
    {
        var (clientCpu, clientKernel) = self.ReadCpuTime();
        return new Snapshot(Stopwatch.GetTimestamp(), load.Answered, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0),
            clientCpu, clientKernel, ReadServerCpu(server));
    }

    private static TimeSpan ReadServerCpu(ServerProcess? server)
    {
        try
        {
            return server?.ReadCpuTime().Total ?? TimeSpan.Zero;
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}

/// <summary>The metrics of one run, from the window's two snapshots and the latency histogram; plus its errors.</summary>
internal sealed class ClientMeasurement(ErrorLog errors)
{
    public ErrorLog Errors { get; } = errors;

    public List<KeyValuePair<string, double>> Metrics { get; } = [];

    public void Record(Snapshot before, Snapshot after, LatencyHistogram latency)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp).TotalSeconds;
        var calls = after.Answered - before.Answered;
        Add("callsPerSecond", calls / seconds);
        Add("p50Microseconds", latency.PercentileMicroseconds(0.50));
        Add("p99Microseconds", latency.PercentileMicroseconds(0.99));
        Add("clientCpuMicrosecondsPerCall", calls == 0 ? double.NaN : (after.ClientCpu - before.ClientCpu).TotalMicroseconds / calls);
        Add("clientAllocatedBytesPerCall", calls == 0 ? double.NaN : (double)(after.AllocatedBytes - before.AllocatedBytes) / calls);
        Add("clientGen0CollectionsPerThousandCalls", calls == 0 ? double.NaN : (after.Gen0Collections - before.Gen0Collections) * 1000.0 / calls);
        Add("clientCpu", (after.ClientCpu - before.ClientCpu).TotalSeconds / seconds);
        Add("clientKernelCpu", (after.ClientKernelCpu - before.ClientKernelCpu).TotalSeconds / seconds);
        Add("serverCpu", after.ServerCpu == TimeSpan.Zero ? double.NaN : (after.ServerCpu - before.ServerCpu).TotalSeconds / seconds);
    }

    private void Add(string name, double value) => Metrics.Add(new(name, value));
}
