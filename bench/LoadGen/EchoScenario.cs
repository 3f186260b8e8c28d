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

        await EchoMeasurement.MeasureAsync(target, settings, run, all, result, string.Empty, cancellationToken);
        return result;
    }
}
