using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// echo-polling: rpc-echo (C sessions × W calls in flight of <c>echo(payload)</c>) over long-polling only, never
/// upgraded, as a browser client restricted to it runs (socket.io-client with <c>transports: ["polling"]</c>,
/// @microsoft/signalr with <c>HttpTransportType.LongPolling</c>); round trips/s and latency.
/// </summary>
internal static class PollingEchoScenario
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);

    public static async Task<ScenarioResult?> RunAsync(Target target, LoadSettings settings, CancellationToken cancellationToken)
    {
        if (target.Dialect.Name is not ("socketio" or "signalr"))
        {
            return null;
        }

        var result = new ScenarioResult("echo-polling", new ErrorLog());
        result.Parameter("connections", settings.EchoConnections);
        result.Parameter("window", settings.EchoWindow);
        result.Parameter("payloadBytes", settings.PayloadSize);
        result.Parameter("seconds", settings.Duration.TotalSeconds);

        var payload = new byte[settings.PayloadSize];
        payload.AsSpan().Fill((byte)'e');
        var run = new EchoRun(payload);
        var path = BrowserConnectScenario.BasePath(target);
        var clients = new List<PollingClient>();
        var sessions = new List<PollingEchoSession>();
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = settings.SetupConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, settings.EchoConnections), options, async (_, token) =>
            {
                PollingClient client = target.Dialect.Name == "socketio"
                    ? new EngineIOPollingClient(target.Endpoint, path, target.Dialect, result.Errors)
                    : new SignalRLongPollingClient(target.Endpoint, path, target.Dialect, result.Errors);
                lock (clients)
                {
                    clients.Add(client);
                }

                try
                {
                    await client.OpenAsync(token).WaitAsync(OpenTimeout, token);
                    var session = new PollingEchoSession(client, target.Dialect, result.Errors, run, settings.EchoWindow);
                    client.Inbound = session;
                    lock (clients)
                    {
                        sessions.Add(session);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    result.Errors.Add($"{target.Dialect.Name} over long-polling: opening a session failed: {exception.Message}");
                }
            });

            foreach (var session in sessions)
            {
                session.Start();
            }

            await EchoMeasurement.MeasureAsync(target, settings, run, sessions, result, " over long-polling", cancellationToken);

            if (sessions.Count != settings.EchoConnections)
            {
                result.Errors.Add($"{sessions.Count} of {settings.EchoConnections} long-polling sessions opened");
            }
        }
        finally
        {
            await Task.WhenAll(clients.Select(client => client.AbortAsync()));
        }

        return result;
    }
}
