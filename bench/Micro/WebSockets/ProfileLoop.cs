using System.Diagnostics;

namespace TypedSockets.Benchmarks.WebSockets;

/// <summary>
/// Runs one framing benchmark in a plain loop for a while, so <c>perf record</c> samples only that code
/// (BenchmarkDotNet's own process and pilot stages would blur the profile):
/// <c>profile receive|send 16|1024|65536 typed|system SECONDS</c>.
/// </summary>
internal static class ProfileLoop
{
    public static async Task<int> RunAsync(string operation, int size, string side, double seconds)
    {
        Func<Task> invoke;
        Func<Task> cleanup;
        switch (operation)
        {
            case "receive":
                var receive = new ReceiveBenchmarks { Size = size };
                receive.Setup();
                invoke = async () =>
                {
                    // A receive that returns anything but the whole message (a close, say) would look fast.
                    var total = await (side == "system" ? receive.SystemNetWebSockets() : receive.TypedSockets());
                    if (total != size * ReceiveBenchmarks.MessagesPerInvoke)
                    {
                        throw new InvalidOperationException($"Received {total} bytes instead of {size * ReceiveBenchmarks.MessagesPerInvoke}.");
                    }
                };
                cleanup = receive.Cleanup;
                break;
            case "send":
                var send = new SendBenchmarks { Size = size };
                send.Setup();
                invoke = side == "system" ? send.SystemNetWebSockets : send.TypedSockets;
                cleanup = send.Cleanup;
                break;
            default:
                Console.Error.WriteLine("usage: profile receive|send SIZE typed|system SECONDS");
                return 2;
        }

        // A second of warm-up lets tiered compilation settle; process CPU time, unlike wall time, is
        // barely affected by other processes on a busy machine.
        await RepeatAsync(invoke, 1);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (elapsed, invocations) = await RepeatAsync(invoke, seconds);
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var messages = (double)invocations * ReceiveBenchmarks.MessagesPerInvoke;
        Console.WriteLine($"{operation} {size} B {side}: {elapsed.TotalNanoseconds / messages:F1} ns/message wall, {cpu.TotalNanoseconds / messages:F1} ns/message CPU");
        await cleanup();
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, long Invocations)> RepeatAsync(Func<Task> invoke, double seconds)
    {
        var watch = Stopwatch.StartNew();
        long invocations = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            await invoke();
            invocations++;
        }

        return (watch.Elapsed, invocations);
    }
}
