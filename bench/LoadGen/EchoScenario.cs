using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>rpc-echo: C connections × W calls in flight of <c>echo(payload)</c>; round trips/s and latency.</summary>
internal static class EchoScenario
{
    public static async Task<ScenarioResult> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("rpc-echo", new ErrorLog());
        result.Parameter("connections", settings.EchoConnections);
        result.Parameter("window", settings.EchoWindow);
        result.Parameter("payloadBytes", settings.PayloadSize);
        result.Parameter("seconds", settings.Duration.TotalSeconds);

        var payload = new byte[settings.PayloadSize];
        payload.AsSpan().Fill((byte)'e');
        var run = new EchoRun(payload);
        await using var sessions = new SessionSet<EchoSession>(target, result.Errors);
        await sessions.ConnectAsync(settings.EchoConnections, settings.SetupConcurrency, 8192,
            client => new EchoSession(client, target.Dialect, result.Errors, run, settings.EchoWindow), cancellationToken);
        var all = sessions.Snapshot();
        foreach (var session in all)
        {
            await session.StartAsync();
        }

        await Task.Delay(settings.Warmup, cancellationToken);
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        run.Phase.StartMeasuring();
        await Task.Delay(settings.Duration, cancellationToken);
        run.Phase.StartDraining();
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        meter.StopInto(result);

        if (!await Poll.UntilAsync(() => all.Sum(session => session.InFlight) == 0, settings.DrainTimeout))
        {
            result.Errors.Add($"{all.Sum(session => session.InFlight)} echo acks never arrived");
        }

        long roundTrips = 0;
        foreach (var session in all)
        {
            roundTrips += session.MeasuredRoundTrips;
        }

        result.Metric("roundTripsPerSecond", roundTrips / seconds);
        result.Metric("p50Microseconds", run.Latency.PercentileMicroseconds(0.50));
        result.Metric("p99Microseconds", run.Latency.PercentileMicroseconds(0.99));
        if (roundTrips == 0)
        {
            result.Errors.Add("no round trip completed while measuring");
        }

        return result;
    }
}
