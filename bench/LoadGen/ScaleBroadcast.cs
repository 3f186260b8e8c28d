using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Broadcast to every connected client of the scale scenario at one size: one publisher (not a member) calls
/// <c>publish(payload)</c> with one call in flight and never more than one broadcast ahead of the deliveries, so each
/// latency is that of one broadcast to all receivers (p99: the time by which 99% of them had it). The checks are the
/// broadcast scenario's: every receiver gets exactly the ticks published, in order, and every publish is acked once.
/// </summary>
internal static class ScaleBroadcast
{
    /// <summary>One broadcast in flight: its latency is not a queue behind the ones before.</summary>
    private const int PublishWindow = 1;
    private const int PublishMaxLag = 1;

    public static async Task<ScenarioResult> RunAsync(Target target, LoadSettings settings, IReadOnlyList<ScaleReceiverSession> receivers,
        CancellationToken cancellationToken)
    {
        var result = new ScenarioResult($"scale-broadcast-{receivers.Count}", new ErrorLog());
        result.Parameter("receivers", receivers.Count);
        result.Parameter("publishWindow", PublishWindow);
        result.Parameter("maxLag", PublishMaxLag);
        result.Parameter("payloadBytes", settings.PayloadSize);
        result.Parameter("seconds", settings.Duration.TotalSeconds);
        var run = new ScaleBroadcastRun(receivers.Count, result.Errors);
        foreach (var receiver in receivers)
        {
            receiver.Begin(run);
        }

        await using var publishers = new SessionSet<PublisherSession>(target, result.Errors);
        await publishers.ConnectAsync(1, 1, 8192,
            client => new PublisherSession(client, target.Dialect, result.Errors, run.Shared, settings.PayloadSize, PublishWindow, PublishMaxLag),
            cancellationToken);
        if (publishers.Count == 0)
        {
            return result;
        }

        var publisher = publishers.Snapshot()[0];
        var publishing = publisher.PublishUntilDrainingAsync();
        await Task.Delay(settings.Warmup, cancellationToken);
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        var publishedAtStart = publisher.Published;
        run.Shared.Phase.StartMeasuring();
        await Task.Delay(settings.Duration, cancellationToken);
        run.Shared.Phase.StartDraining();
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var publishedInWindow = publisher.Published - publishedAtStart;
        meter.StopInto(result);
        await publishing;

        var deliveries = await BroadcastDrain.CheckAsync(publisher, receivers, settings.DrainTimeout, result);
        var published = publisher.Published;

        result.Metric("deliveriesPerSecond", deliveries / seconds);
        result.Metric("broadcastsPerSecond", publishedInWindow / seconds);
        result.Metric("deliveriesPerServerCpuSecond", deliveries / (result.ServerCpu * seconds));
        result.Metric("p50Microseconds", run.Shared.Latency.PercentileMicroseconds(0.50));
        result.Metric("p99Microseconds", run.Shared.Latency.PercentileMicroseconds(0.99));
        // The whole broadcast: publish until its last receiver had it (median and worst over the window's broadcasts).
        result.Metric("allDeliveredP50Microseconds", run.AllDelivered.PercentileMicroseconds(0.50));
        result.Metric("allDeliveredMaxMicroseconds", run.AllDelivered.PercentileMicroseconds(1.0));
        result.Metric("published", published);

        return result;
    }
}
