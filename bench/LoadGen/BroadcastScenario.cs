using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Broadcast fan-out: N receivers <c>join</c> room <c>bench</c>, one publisher (not a member) calls
/// <c>publish(payload)</c>; deliveries/s and publish→receive latency, every delivery accounted for. Against a
/// cluster the receivers are spread evenly over its nodes and the publisher is on the first node.
/// </summary>
internal static class BroadcastScenario
{
    public static async Task<ScenarioResult> RunAsync(Target target, LoadSettings settings, int receivers, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult($"broadcast-{receivers}", new ErrorLog());
        result.Parameter("receivers", receivers);
        result.Parameter("publishWindow", settings.PublishWindow);
        result.Parameter("maxLag", settings.PublishMaxLag);
        result.Parameter("payloadBytes", settings.PayloadSize);
        result.Parameter("seconds", settings.Duration.TotalSeconds);
        if (target.Nodes.Count > 1)
        {
            result.Parameter("nodes", target.Nodes.Count);
        }

        var run = new BroadcastRun(receivers);
        await using var members = new SessionSet<ReceiverSession>(target, result.Errors);
        await members.ConnectAsync(receivers, settings.SetupConcurrency, 16384,
            client => new ReceiverSession(client, target.Dialect, result.Errors, run), cancellationToken, spreadOverNodes: true);
        var all = members.Snapshot();
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = settings.SetupConcurrency, CancellationToken = cancellationToken },
            async (session, token) =>
            {
                try
                {
                    await session.CallAsync("join"u8.ToArray(), token);
                }
                catch (Exception exception) when (exception is IOException or TimeoutException)
                {
                    result.Errors.Add($"join failed: {exception.Message}");
                }
            });

        await using var publishers = new SessionSet<PublisherSession>(target, result.Errors);
        await publishers.ConnectAsync(1, 1, 8192,
            client => new PublisherSession(client, target.Dialect, result.Errors, run, settings.PayloadSize, settings.PublishWindow, settings.PublishMaxLag),
            cancellationToken);
        if (publishers.Count == 0 || all.Count != receivers)
        {
            return result;
        }

        var publisher = publishers.Snapshot()[0];
        var publishing = publisher.PublishUntilDrainingAsync();
        await Task.Delay(settings.Warmup, cancellationToken);
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        var publishedAtStart = publisher.Published;
        var readsAtStart = ReadsOf(all);
        run.Phase.StartMeasuring();
        await Task.Delay(settings.Duration, cancellationToken);
        run.Phase.StartDraining();
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var publishedInWindow = publisher.Published - publishedAtStart;
        var readsInWindow = ReadsOf(all) - readsAtStart;
        meter.StopInto(result);
        await publishing;

        var deliveries = await BroadcastDrain.CheckAsync(publisher, all, settings.DrainTimeout, result);
        var published = publisher.Published;

        result.Metric("deliveriesPerSecond", deliveries / seconds);
        result.Metric("publishesPerSecond", publishedInWindow / seconds);
        // Deliveries per second of server CPU (all nodes): what a shared, busy machine distorts least.
        result.Metric("deliveriesPerServerCpuSecond", deliveries / (result.ServerCpu * seconds));
        // The same per second of the server's kernel time alone: what the server could deliver on one core if its own
        // code cost nothing, with the sends (and, on loopback, the receivers' TCP input) it makes now.
        result.Metric("deliveriesPerServerKernelCpuSecond", deliveries / (result.ServerKernelCpu * seconds));
        // How many ticks one server write carried, as the receivers saw it (two writes read at once count as one).
        result.Metric("ticksPerReceiverRead", deliveries / (double)Math.Max(1, readsInWindow));
        result.Metric("p50Microseconds", run.Latency.PercentileMicroseconds(0.50));
        result.Metric("p99Microseconds", run.Latency.PercentileMicroseconds(0.99));
        result.Metric("published", published);

        return result;
    }

    private static long ReadsOf(IReadOnlyList<ReceiverSession> sessions)
    {
        long reads = 0;
        foreach (var session in sessions)
        {
            reads += session.Client.Reads;
        }

        return reads;
    }
}
