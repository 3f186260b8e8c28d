using System.Diagnostics;
using System.Globalization;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Scale on one machine. One ramp fills the server to the largest size that fits (<see cref="ScalePlan"/>), timing the
/// connects band by band (each tenth of the way) and reading the server's VmRSS growth per connection at every size
/// (idle connections, as in the idle-memory scenario, against one baseline). Then every connection joins room
/// <c>bench</c> and the broadcast to all of them is measured at every size, largest first, closing connections down to
/// the next size between runs, so broadcast buffers never inflate the memory curve.
/// Results: <c>scale-fill</c> (memory, connect rate per band, where it stopped) and one <c>scale-broadcast-N</c> per size.
/// A server that cannot hold a size (a failed or stalled connect, connections it closes) stops the ramp there; that is
/// recorded (<c>stoppedAt</c>, <c>stopReason</c>), not a failed check. Lost, repeated or reordered ticks are.
/// </summary>
internal static class ScaleScenario
{
    /// <summary>Per connection: the generator's receive buffer (it grows when a message needs more).</summary>
    private const int BufferSize = 1024;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        var fill = new ScenarioResult("scale-fill", new ErrorLog());
        var results = new List<ScenarioResult> { fill };
        if (target.Process is not { } server)
        {
            fill.Errors.Add("the server's process was not found, so its memory and open-file limit cannot be read");
            return results;
        }

        var serverLimit = OpenFiles.Limit(server.Pid) ?? settings.ServerOpenFileLimit;
        var generatorLimit = OpenFiles.Limit();
        var plan = ScalePlan.Make(settings.ScaleSizes, [(serverLimit, OpenFiles.Open(server.Pid)), (generatorLimit, OpenFiles.Open())],
            settings.ScaleAddLargestFitting);
        var largest = plan.Sizes.Count > 0 ? plan.Sizes[^1] : 0;
        var sources = SourceAddresses.For(target.Endpoint, largest + 1, settings.ScaleSourceAddresses);
        fill.Parameter("sizes", string.Join(' ', plan.Sizes));
        if (plan.NotRun.Count > 0)
        {
            fill.Parameter("notRun", string.Join(' ', plan.NotRun));
            fill.Parameter("notRunReason", plan.NotRunReason);
        }

        fill.Parameter("serverOpenFileLimit", serverLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
        fill.Parameter("generatorOpenFileLimit", generatorLimit?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
        fill.Parameter("sourceAddresses", sources?.Addresses.Count ?? 1);
        fill.Parameter("concurrency", settings.ConnectConcurrency);
        fill.Parameter("settleSeconds", settings.IdleSettle.TotalSeconds);
        if (largest == 0)
        {
            return results;
        }

        var connectionErrors = new ErrorLog();
        await using var sessions = new SessionSet<ScaleReceiverSession>(target, connectionErrors, sources);
        await Task.Delay(settings.IdleSettle, cancellationToken);
        var baseline = server.ReadResidentBytes();
        var serverOpenAtStart = OpenFiles.Open(server.Pid);
        fill.Metric("baselineMiB", baseline / 1048576.0);

        var meter = new CpuMeter(target);
        var reached = new List<int>();
        string? stopReason = null;
        var bands = Bands(largest, settings.ScaleBands);
        fill.Parameter("bandSize", bands[0].To);
        foreach (var (from, to) in bands)
        {
            var connectSeconds = 0.0;
            foreach (var point in plan.Sizes.Where(size => size > from && size < to).Append(to))
            {
                var startedAt = Stopwatch.GetTimestamp();
                stopReason = await ConnectAsync(sessions, point, target, settings, connectionErrors, cancellationToken);
                connectSeconds += Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
                if (stopReason is null && plan.Sizes.Contains(point))
                {
                    await Task.Delay(settings.IdleSettle, cancellationToken);
                    var dead = sessions.CountDead();
                    if (dead > 0)
                    {
                        stopReason = $"the server closed {dead} connections (first: {connectionErrors.Messages.FirstOrDefault()})";
                    }
                    else
                    {
                        fill.Metric($"kibPerConnection@{point}", (server.ReadResidentBytes() - baseline) / 1024.0 / point);
                        reached.Add(point);
                    }
                }

                if (stopReason is not null)
                {
                    break;
                }
            }

            if (stopReason is not null)
            {
                break;
            }

            var rate = (to - from) / connectSeconds;
            fill.Metric($"connectionsPerSecond@{from}-{to}", rate);
            Console.WriteLine($"scale: {to} connected ({rate:0}/s from {from})");
        }

        meter.StopInto(fill);
        if (stopReason is not null)
        {
            var connected = sessions.Count - sessions.CountDead();
            fill.Parameter("stoppedAt", connected);
            fill.Parameter("stopReason", stopReason);
            Console.WriteLine($"scale: stopped at {connected} connections: {stopReason}");
        }

        var joined = await JoinAllAsync(sessions.Snapshot(), settings, fill, cancellationToken);
        if (reached.Count > 0 && joined.Count == reached[^1])
        {
            await Task.Delay(settings.IdleSettle, cancellationToken);
            fill.Metric($"kibPerConnectionInRoom@{reached[^1]}", (server.ReadResidentBytes() - baseline) / 1024.0 / reached[^1]);
        }

        for (var i = reached.Count - 1; i >= 0 && joined.Count > 0; i--)
        {
            var size = reached[i];
            if (joined.Count > size)
            {
                await Task.WhenAll(joined.Skip(size).Select(session => session.AbortAsync()));
                joined.RemoveRange(size, joined.Count - size);
                await WaitForServerToCloseAsync(server, serverOpenAtStart, size, cancellationToken);
                await Task.Delay(settings.IdleSettle, cancellationToken);
            }

            if (joined.Count < size)
            {
                break;
            }

            var broadcast = await ScaleBroadcast.RunAsync(target, settings, joined, cancellationToken);
            results.Add(broadcast);
            Console.WriteLine($"scale: broadcast to {size} done");
        }

        return results;
    }

    /// <summary>
    /// The server has let go of the connections the generator closed once it holds no more descriptors than before the
    /// ramp plus the ones kept (bounded: a server that keeps them longer is measured as it is).
    /// </summary>
    private static async Task WaitForServerToCloseAsync(ServerProcess server, int? openBefore, int kept, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        // Listing 100,000 descriptors takes a while: a few looks a second.
        while (openBefore is { } before && OpenFiles.Open(server.Pid) is { } open && open > before + kept + 16 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Tenths of the way to <paramref name="largest"/> (the last band takes the remainder).</summary>
    private static List<(int From, int To)> Bands(int largest, int count)
    {
        var size = Math.Max(1, largest / Math.Max(1, count));
        var bands = new List<(int From, int To)>();
        for (var from = 0; from < largest;)
        {
            var to = largest - from < 2 * size ? largest : from + size;
            bands.Add((from, to));
            from = to;
        }

        return bands;
    }

    /// <summary>Connects until <paramref name="total"/> are open; why it stopped short, or null.</summary>
    private static async Task<string?> ConnectAsync(SessionSet<ScaleReceiverSession> sessions, int total, Target target, LoadSettings settings,
        ErrorLog connectionErrors, CancellationToken cancellationToken)
    {
        var errorsBefore = connectionErrors.Count;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connecting = sessions.ConnectAsync(total - sessions.Count, settings.ConnectConcurrency, BufferSize,
            client => new ScaleReceiverSession(client, target.Dialect, connectionErrors), stop.Token);
        var progress = sessions.Count;
        var progressAt = Stopwatch.GetTimestamp();
        string? stopReason = null;
        while (!connecting.IsCompleted)
        {
            await Task.WhenAny(connecting, Task.Delay(100, cancellationToken));
            if (connectionErrors.Count > errorsBefore)
            {
                stopReason = $"{connectionErrors.Count - errorsBefore} connects failed (first: {connectionErrors.Messages.FirstOrDefault()})";
            }
            else if (sessions.Count != progress)
            {
                progress = sessions.Count;
                progressAt = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(progressAt) > settings.ScaleStallTimeout)
            {
                stopReason = $"no connect completed for {settings.ScaleStallTimeout.TotalSeconds:0} s";
            }

            if (stopReason is not null)
            {
                await stop.CancelAsync();
                break;
            }
        }

        try
        {
            await connecting;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped above.
        }

        if (stopReason is null && connectionErrors.Count > errorsBefore)
        {
            stopReason = $"{connectionErrors.Count - errorsBefore} connects failed (first: {connectionErrors.Messages.FirstOrDefault()})";
        }

        return stopReason;
    }

    /// <summary>Every live session joins room <c>bench</c>; the ones that did, in connect order.</summary>
    private static async Task<List<ScaleReceiverSession>> JoinAllAsync(IReadOnlyList<ScaleReceiverSession> sessions, LoadSettings settings, ScenarioResult fill,
        CancellationToken cancellationToken)
    {
        var joined = new bool[sessions.Count];
        var failures = new ErrorLog();
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.SetupConcurrency, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                if (!sessions[index].IsAlive)
                {
                    return;
                }

                try
                {
                    await sessions[index].CallAsync("join"u8.ToArray(), token);
                    joined[index] = true;
                }
                catch (Exception exception) when (exception is IOException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
                {
                    failures.Add($"join failed: {exception.Message}");
                }
            });
        if (failures.Count > 0)
        {
            fill.Parameter("joinFailures", $"{failures.Count} (first: {failures.Messages[0]})");
        }

        var result = new List<ScaleReceiverSession>(sessions.Count);
        for (var i = 0; i < sessions.Count; i++)
        {
            if (joined[i])
            {
                result.Add(sessions[i]);
            }
        }

        return result;
    }
}
