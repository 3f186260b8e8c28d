using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// <c>run</c>: waits for the server, finds its process, runs the chosen scenarios in order, prints one
/// line per scenario and appends one JSON line per scenario to <c>--out</c>. Exit code 1 when any
/// correctness check failed. Several URLs are the nodes of one cluster (broadcast receivers are spread
/// over them, every other client goes to the first); <c>--backplane-port</c> names the port of the
/// process between them (Redis), whose CPU is then reported as well.
/// </summary>
internal static class RunCommand
{
    public const string Usage = """
        run --server NAME --protocol socketio|signalr|raw --url http://127.0.0.1:PORT[,http://127.0.0.1:PORT2...]
            [--backplane-port PORT] [--path PATH_AND_QUERY] [--scenarios warmup,idle,connect,echo,broadcast] [--smoke]
            [--round N] [--out results.jsonl] [--wait-seconds 30]
            [--connections 64] [--window 16] [--seconds 5] [--warmup-seconds 1] [--receivers 1000,5000]
            [--publish-window 4] [--max-lag 8] [--idle 5000,10000] [--settle-seconds 2] [--connect-count 5000]
            [--connect-hold-seconds 0]
            [--drain-seconds 10]
            [--scale-sizes 10000,50000,100000] [--scale-bands 10] [--source-addresses N] [--server-open-files N]
            [--stall-seconds 30]   (scenario scale: run it with --scenarios warmup,scale)
            [--browser-connect-count 4000] [--browser-connect-concurrency 256]   (scenarios connect-browser, echo-polling)
        """;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var dialect = Dialect.FromName(arguments.Required("protocol"));
        var server = arguments.Required("server");
        var nodes = arguments.Required("url").Split(',').Select(text => new Uri(text)).Select(url => new IPEndPoint(IPAddress.Parse(url.Host), url.Port)).ToList();
        var settings = Settings(arguments);
        var scenarios = arguments.Optional("scenarios")?.Split(',') ??
            (dialect.SupportsRooms ? ["warmup", "idle", "connect", "echo", "broadcast"] : ["warmup", "idle", "echo"]);
        var round = int.Parse(arguments.Optional("round") ?? "1", CultureInfo.InvariantCulture);
        var output = arguments.Optional("out");

        var wait = TimeSpan.FromSeconds(double.Parse(arguments.Optional("wait-seconds") ?? "30", CultureInfo.InvariantCulture));
        var processes = new List<ServerProcess>();
        foreach (var endpoint in nodes)
        {
            if (!await ListenerWait.UntilAcceptingAsync(endpoint, wait))
            {
                await Console.Error.WriteLineAsync($"{server}: nothing listens on {endpoint}");
                return 1;
            }

            if (ServerProcess.FindListening(endpoint.Port) is { } process)
            {
                processes.Add(process);
            }
            else
            {
                await Console.Error.WriteLineAsync($"{server}: warning: the process listening on {endpoint} was not found (no server CPU or memory)");
            }
        }

        ServerProcess? backplane = null;
        if (arguments.Int("backplane-port") is { } backplanePort && (backplane = ServerProcess.FindListening(backplanePort)) is null)
        {
            await Console.Error.WriteLineAsync($"{server}: warning: the process listening on port {backplanePort} was not found (no backplane CPU)");
        }

        var target = new Target(nodes, arguments.Optional("path") ?? dialect.DefaultPath, dialect, processes, backplane);
        var failed = false;
        foreach (var scenario in scenarios)
        {
            foreach (var result in await RunScenarioAsync(scenario, target, settings))
            {
                failed |= !result.Passed;
                Console.WriteLine(result.Describe(server));
                if (result.GeneratorSaturated)
                {
                    var sharing = double.IsFinite(result.BackplaneCpu) ? $" (and the backplane sharing it {result.BackplaneCpu:P0})" : "";
                    await Console.Error.WriteLineAsync(
                        $"{server} {result.Scenario}: WARNING: the load generator used {result.GeneratorCpu:P0} of its core{sharing}; this result is void.");
                }

                if (output is not null && result.Scenario != "warmup")
                {
                    await AppendAsync(output, result, server, round);
                }
            }
        }

        return failed ? 1 : 0;
    }

    private static async Task<IReadOnlyList<ScenarioResult>> RunScenarioAsync(string scenario, Target target, LoadSettings settings)
    {
        var cancellationToken = CancellationToken.None;
        switch (scenario)
        {
            case "warmup":
                // Tiered JIT and pools warm on both sides; results are printed, not recorded.
                var warm = settings with { EchoConnections = Math.Min(8, settings.EchoConnections), Duration = settings.Warmup, Warmup = settings.Warmup / 2 };
                var results = new List<ScenarioResult> { Renamed(await EchoScenario.RunAsync(target, warm, cancellationToken)) };
                if (target.Dialect.SupportsRooms)
                {
                    results.Add(Renamed(await BroadcastScenario.RunAsync(target, warm, Math.Min(10, settings.BroadcastReceivers[0]), cancellationToken)));
                }

                return results;
            case "echo":
                return [await EchoScenario.RunAsync(target, settings, cancellationToken)];
            case "broadcast" when target.Dialect.SupportsRooms:
                var all = new List<ScenarioResult>();
                foreach (var receivers in settings.BroadcastReceivers)
                {
                    all.Add(await BroadcastScenario.RunAsync(target, settings, receivers, cancellationToken));
                }

                return all;
            case "broadcast":
                return [];
            case "idle":
                var idle = await IdleMemoryScenario.RunAsync(target, settings, cancellationToken);
                // Let the server finish tearing the connections down before the next scenario.
                await Task.Delay(settings.IdleSettle, cancellationToken);
                return [idle];
            case "connect":
                return [await ConnectRateScenario.RunAsync(target, settings, cancellationToken)];
            case "scale" when target.Dialect.SupportsRooms:
                var scale = await ScaleScenario.RunAsync(target, settings, cancellationToken);
                await Task.Delay(settings.IdleSettle, cancellationToken);
                return scale;
            case "scale":
                return [];
            case "connect-browser" or "echo-polling":
                // The paths browser clients take by default (socket.io, SignalR only; raw echo has none).
                var browser = scenario == "connect-browser"
                    ? await BrowserConnectScenario.RunAsync(target, settings, cancellationToken)
                    : await PollingEchoScenario.RunAsync(target, settings, cancellationToken);
                return browser is null ? [] : [browser];
            default:
                throw new ArgumentException($"Unknown scenario '{scenario}'.");
        }

        static ScenarioResult Renamed(ScenarioResult warm)
        {
            var renamed = new ScenarioResult("warmup", warm.Errors) { GeneratorCpu = warm.GeneratorCpu, ServerCpu = warm.ServerCpu, ServerKernelCpu = warm.ServerKernelCpu, BackplaneCpu = warm.BackplaneCpu };
            renamed.Metrics.AddRange(warm.Metrics);
            return renamed;
        }
    }

    private static LoadSettings Settings(Arguments arguments)
    {
        var settings = arguments.Flag("smoke") ? LoadSettings.Smoke : new LoadSettings();
        return settings with
        {
            EchoConnections = arguments.Int("connections") ?? settings.EchoConnections,
            EchoWindow = arguments.Int("window") ?? settings.EchoWindow,
            Duration = arguments.Seconds("seconds") ?? settings.Duration,
            Warmup = arguments.Seconds("warmup-seconds") ?? settings.Warmup,
            BroadcastReceivers = arguments.IntList("receivers") ?? settings.BroadcastReceivers,
            PublishWindow = arguments.Int("publish-window") ?? settings.PublishWindow,
            PublishMaxLag = arguments.Int("max-lag") ?? settings.PublishMaxLag,
            IdleConnections = arguments.IntList("idle") ?? settings.IdleConnections,
            IdleSettle = arguments.Seconds("settle-seconds") ?? settings.IdleSettle,
            ConnectCount = arguments.Int("connect-count") ?? settings.ConnectCount,
            ConnectHold = arguments.Seconds("connect-hold-seconds") ?? settings.ConnectHold,
            DrainTimeout = arguments.Seconds("drain-seconds") ?? settings.DrainTimeout,
            ScaleSizes = arguments.IntList("scale-sizes") ?? settings.ScaleSizes,
            ScaleBands = arguments.Int("scale-bands") ?? settings.ScaleBands,
            ScaleSourceAddresses = arguments.Int("source-addresses") ?? settings.ScaleSourceAddresses,
            ScaleStallTimeout = arguments.Seconds("stall-seconds") ?? settings.ScaleStallTimeout,
            ServerOpenFileLimit = arguments.Int("server-open-files") ?? settings.ServerOpenFileLimit,
            BrowserConnectCount = arguments.Int("browser-connect-count") ?? settings.BrowserConnectCount,
            BrowserConnectConcurrency = arguments.Int("browser-connect-concurrency") ?? settings.BrowserConnectConcurrency,
        };
    }

    private static async Task AppendAsync(string path, ScenarioResult result, string server, int round)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            result.WriteJson(writer, server, round);
        }

        buffer.WriteByte((byte)'\n');
        await File.AppendAllTextAsync(path, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
