using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// connect-browser: the connect rate, and the time each connect takes until the session is connected over WebSocket,
/// along the path a browser client takes by default (<see cref="BrowserConnect"/>), with many browsers connecting at
/// once. Afterwards every connection carries one echo over its WebSocket (not timed) to prove the upgrade held.
/// </summary>
internal static class BrowserConnectScenario
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static async Task<ScenarioResult?> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        if (target.Dialect.Name is not ("socketio" or "signalr"))
        {
            return null;
        }

        var result = new ScenarioResult("connect-browser", new ErrorLog());
        result.Parameter("connections", settings.BrowserConnectCount);
        result.Parameter("concurrency", settings.BrowserConnectConcurrency);

        // Nothing else in a run takes the polling and negotiate paths: warm them (both sides' JIT) first, untimed.
        await using (var warm = new Connections(target, new ErrorLog()))
        {
            await warm.ConnectAsync(Math.Min(settings.BrowserConnectCount, 4 * settings.BrowserConnectConcurrency), settings.BrowserConnectConcurrency,
                null, null, cancellationToken);
        }

        await using var connections = new Connections(target, result.Errors);
        var latency = new LatencyHistogram();
        var pauseWait = new LatencyHistogram();
        var meter = new CpuMeter(target);
        var startedAt = Stopwatch.GetTimestamp();
        await connections.ConnectAsync(settings.BrowserConnectCount, settings.BrowserConnectConcurrency, latency, pauseWait, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        meter.StopInto(result);
        result.Metric("connectionsPerSecond", connections.Count / seconds);
        result.Metric("p50Microseconds", latency.PercentileMicroseconds(0.50));
        result.Metric("p99Microseconds", latency.PercentileMicroseconds(0.99));
        if (pauseWait.Count > 0)
        {
            // socket.io: the part of a connect spent waiting for the server to end the poll in flight (its noop) after 3probe.
            result.Metric("upgradePauseP50Microseconds", pauseWait.PercentileMicroseconds(0.50));
        }
        if (connections.Count != settings.BrowserConnectCount)
        {
            result.Errors.Add($"{connections.Count} of {settings.BrowserConnectCount} browser connections opened");
        }

        await connections.VerifyAsync(settings.SetupConcurrency);
        return result;
    }

    /// <summary>The connected browsers of one batch; resets them all at the end.</summary>
    private sealed class Connections(Target target, ErrorLog errors) : IAsyncDisposable
    {
        private readonly List<BrowserSession> _sessions = [];

        public int Count
        {
            get
            {
                lock (_sessions)
                {
                    return _sessions.Count;
                }
            }
        }

        public async Task ConnectAsync(int count, int concurrency, LatencyHistogram? latency, LatencyHistogram? pauseWait, CancellationToken cancellationToken)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (_, token) =>
            {
                var startedAt = Stopwatch.GetTimestamp();
                try
                {
                    var connection = await BrowserConnect.ConnectAsync(target.Endpoint, BasePath(target), target.Dialect, errors, pauseWait, token)
                        .WaitAsync(ConnectTimeout, token);
                    latency?.Record(Stopwatch.GetTimestamp() - startedAt);
                    var session = new BrowserSession(connection, target.Dialect, errors);
                    session.StartLoop();
                    lock (_sessions)
                    {
                        _sessions.Add(session);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    errors.Add($"{target.Dialect.Name}: a browser connect failed: {exception.Message}");
                }
            });
        }

        public async Task VerifyAsync(int concurrency)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency };
            await Parallel.ForEachAsync(Snapshot(), options, async (session, _) => await session.VerifyAsync(ConnectTimeout));
        }

        private List<BrowserSession> Snapshot()
        {
            lock (_sessions)
            {
                return [.. _sessions];
            }
        }

        public async ValueTask DisposeAsync() => await Task.WhenAll(Snapshot().Select(session => session.CloseAsync()));
    }

    /// <summary>The endpoint's path without its query: <c>/socket.io/</c> or <c>/hub</c>.</summary>
    public static string BasePath(Target target)
    {
        var query = target.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target.PathAndQuery : target.PathAndQuery[..query];
    }
}
