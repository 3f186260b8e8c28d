using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>Connect rate: WebSocket handshake plus the protocol's own connect (namespace / hub handshake) per second.</summary>
internal static class ConnectRateScenario
{
    public static async Task<ScenarioResult> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("connect-rate", new ErrorLog());
        result.Parameter("connections", settings.ConnectCount);
        result.Parameter("concurrency", settings.ConnectConcurrency);
        await using var sessions = new SessionSet<IdleSession>(target, result.Errors);
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        await sessions.ConnectAsync(settings.ConnectCount, settings.ConnectConcurrency, 1024,
            client => new IdleSession(client, target.Dialect, result.Errors), cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        meter.StopInto(result);
        result.Metric("connectionsPerSecond", sessions.Count / seconds);
        if (sessions.Count != settings.ConnectCount)
        {
            result.Errors.Add($"{sessions.Count} of {settings.ConnectCount} connections opened");
        }

        await Task.Delay(settings.ConnectHold, cancellationToken);

        return result;
    }
}
