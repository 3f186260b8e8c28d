using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>The calls in flight and the round trips counted of one rpc-echo connection, whatever its transport.</summary>
internal interface IEchoCounts
{
    int InFlight { get; }

    long MeasuredRoundTrips { get; }
}

/// <summary>
/// The measured part of an rpc-echo scenario once its sessions run: warmup, the timed window with the server's CPU, the
/// drain (every call answered), then round trips/s and latency into <paramref name="result"/>.
/// </summary>
internal static class EchoMeasurement
{
    public static async Task MeasureAsync<TSession>(Target target, LoadSettings settings, EchoRun run, IReadOnlyList<TSession> sessions, ScenarioResult result, string transport, CancellationToken cancellationToken)
        where TSession : IEchoCounts
    {
        await Task.Delay(settings.Warmup, cancellationToken);
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        run.Phase.StartMeasuring();
        await Task.Delay(settings.Duration, cancellationToken);
        run.Phase.StartDraining();
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        meter.StopInto(result);

        if (!await Poll.UntilAsync(() => InFlight(sessions) == 0, settings.DrainTimeout))
        {
            result.Errors.Add($"{InFlight(sessions)} echo acks{transport} never arrived");
        }

        long roundTrips = 0;
        foreach (var session in sessions)
        {
            roundTrips += session.MeasuredRoundTrips;
        }

        result.Metric("roundTripsPerSecond", roundTrips / seconds);
        result.Metric("p50Microseconds", run.Latency.PercentileMicroseconds(0.50));
        result.Metric("p99Microseconds", run.Latency.PercentileMicroseconds(0.99));
        if (roundTrips == 0)
        {
            result.Errors.Add($"no round trip{transport} completed while measuring");
        }
    }

    private static int InFlight<TSession>(IReadOnlyList<TSession> sessions)
        where TSession : IEchoCounts
    {
        var inFlight = 0;
        foreach (var session in sessions)
        {
            inFlight += session.InFlight;
        }

        return inFlight;
    }
}
