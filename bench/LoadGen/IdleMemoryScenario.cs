namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Idle memory: the server's resident memory (VmRSS) growth per connected, idle client, at each
/// checkpoint of one ramp measured against the same baseline (of a cluster: the first node, which takes every client).
/// </summary>
internal static class IdleMemoryScenario
{
    public static async Task<ScenarioResult> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        var result = new ScenarioResult("idle-memory", new ErrorLog());
        result.Parameter("connections", string.Join(' ', settings.IdleConnections));
        result.Parameter("settleSeconds", settings.IdleSettle.TotalSeconds);
        if (target.Process is not { } server)
        {
            result.Errors.Add("the server's process was not found, so its memory cannot be read");
            return result;
        }

        await Task.Delay(settings.IdleSettle, cancellationToken);
        var baseline = server.ReadResidentBytes();
        result.Metric("baselineMiB", baseline / 1048576.0);
        var meter = new CpuMeter(target);
        await using var sessions = new SessionSet<IdleSession>(target, result.Errors);
        foreach (var checkpoint in settings.IdleConnections)
        {
            await sessions.ConnectAsync(checkpoint - sessions.Count, settings.SetupConcurrency, 1024,
                client => new IdleSession(client, target.Dialect, result.Errors), cancellationToken);
            await Task.Delay(settings.IdleSettle, cancellationToken);
            var connected = sessions.Count - sessions.CountDead();
            if (connected != checkpoint)
            {
                result.Errors.Add($"{connected} of {checkpoint} idle connections open");
            }

            result.Metric($"kibPerConnection@{checkpoint}", (server.ReadResidentBytes() - baseline) / 1024.0 / checkpoint);
        }

        meter.StopInto(result);
        return result;
    }
}
