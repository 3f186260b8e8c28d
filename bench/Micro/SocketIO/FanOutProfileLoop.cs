using System.Diagnostics;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>
/// Runs <see cref="BroadcastFanOutBenchmarks.Read"/> in a plain loop and reports the process's CPU time per delivery
/// (user and kernel apart), which other processes on a busy machine distort far less than wall time, and which
/// <c>perf record</c> can sample without BenchmarkDotNet's stages: <c>profile-fanout RECIPIENTS TICKS SECONDS</c>.
/// Run it pinned to one core (<c>taskset -c 0</c>), as the end-to-end server is.
/// </summary>
internal static class FanOutProfileLoop
{
    public static async Task<int> RunAsync(int recipients, int ticks, double seconds)
    {
        var benchmark = new BroadcastFanOutBenchmarks { Recipients = recipients, Ticks = ticks };
        await benchmark.Setup();
        try
        {
            // A second of warm-up lets tiered compilation settle.
            Repeat(benchmark, 1);
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var (user, kernel) = (process.UserProcessorTime, process.PrivilegedProcessorTime);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var (elapsed, reads) = Repeat(benchmark, seconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            process.Refresh();
            (user, kernel) = (process.UserProcessorTime - user, process.PrivilegedProcessorTime - kernel);
            var deliveries = (double)reads * recipients * ticks;
            Console.WriteLine($"fan-out to {recipients}, {ticks} tick(s) per read: {elapsed.TotalNanoseconds / deliveries:F1} ns/delivery wall, " +
                $"CPU {user.TotalNanoseconds / deliveries:F1} ns user + {kernel.TotalNanoseconds / deliveries:F1} ns kernel per delivery, " +
                $"{allocated / (double)reads:F1} B allocated per read on this thread");
        }
        finally
        {
            benchmark.Cleanup();
        }

        return 0;
    }

    private static (TimeSpan Elapsed, long Reads) Repeat(BroadcastFanOutBenchmarks benchmark, double seconds)
    {
        var watch = Stopwatch.StartNew();
        long reads = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            benchmark.Read();
            reads++;
        }

        return (watch.Elapsed, reads);
    }
}
