using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TypedSockets.Bench.LoadGen;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>
/// <c>run</c>: connects <c>--connections</c> clients of one library to the server at <c>--url</c>, runs the echo load
/// (<see cref="EchoLoad"/>), prints one line and appends one JSON line to <c>--out</c>. Exit code 1 when a correctness
/// check failed.
/// </summary>
internal static class RunCommand
{
    public const string Usage = """
        run --client typed|signalr --server NAME --url http://127.0.0.1:PORT [--smoke] [--round N] [--out results.jsonl]
            [--connections 64] [--window 16] [--seconds 5] [--warmup-seconds 2] [--payload-bytes 64] [--drain-seconds 10]
            [--wait-seconds 30]
        """;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var client = arguments.Required("client");
        var server = arguments.Required("server");
        var url = new Uri(arguments.Required("url"));
        var settings = Settings(arguments);
        var round = arguments.Int("round") ?? 1;
        if (!await ListenerWait.UntilAcceptingAsync(new IPEndPoint(IPAddress.Parse(url.Host), url.Port), arguments.Seconds("wait-seconds") ?? TimeSpan.FromSeconds(30)))
        {
            await Console.Error.WriteLineAsync($"{server}: nothing listens on {url}");
            return 1;
        }

        var serverProcess = ServerProcess.FindListening(url.Port);
        if (serverProcess is null)
        {
            await Console.Error.WriteLineAsync($"{server}: warning: the process listening on {url} was not found (no server CPU)");
        }

        var result = await MeasureAsync(client, url, settings, serverProcess);
        var line = new ClientRunResult(client, server, round, settings, result);
        Console.WriteLine(line.Describe());
        if (arguments.Optional("out") is { } output)
        {
            await File.AppendAllTextAsync(output, line.ToJsonLine());
        }

        return result.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task<ClientMeasurement> MeasureAsync(string client, Uri url, ClientLoadSettings settings, ServerProcess? serverProcess)
    {
        var errors = new ErrorLog();
        var measurement = new ClientMeasurement(errors);
        var connections = new List<IEchoConnection>(settings.Connections);
        try
        {
            for (var i = 0; i < settings.Connections; i++)
            {
                using var connectTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                connections.Add(await EchoClients.ConnectAsync(client, url, connectTimeout.Token));
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            errors.Add($"connection {connections.Count + 1} failed: {exception.GetType().Name}: {exception.Message}");
            await DisposeAllAsync(connections);
            return measurement;
        }

        var load = new EchoLoad(settings, errors);
        var callers = load.Start(connections);
        await Task.Delay(settings.Warmup);

        var self = new ServerProcess(Environment.ProcessId);
        var before = Snapshot.Take(load, self, serverProcess);
        load.Measure(true);
        await Task.Delay(settings.Duration);
        load.Measure(false);
        var after = Snapshot.Take(load, self, serverProcess);
        load.Stop();

        try
        {
            await Task.WhenAll(callers).WaitAsync(settings.DrainTimeout);
        }
        catch (TimeoutException)
        {
            errors.Add($"{load.Made - load.Answered} call(s) were never answered ({settings.DrainTimeout.TotalSeconds:0.#} s after the load stopped)");
        }

        if (callers.TrueForAll(caller => caller.IsCompleted) && load.Made != load.Answered)
        {
            errors.Add($"{load.Made} calls were made but {load.Answered} answered");
        }

        measurement.Record(before, after, load.Latency);
        await DisposeAllAsync(connections);
        return measurement;
    }

    private static async Task DisposeAllAsync(List<IEchoConnection> connections)
    {
        foreach (var connection in connections)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The run is over; a close that fails changes nothing measured.
            }
        }
    }

    private static ClientLoadSettings Settings(Arguments arguments)
    {
        var settings = arguments.Flag("smoke") ? ClientLoadSettings.Smoke : new ClientLoadSettings();
        return settings with
        {
            Connections = arguments.Int("connections") ?? settings.Connections,
            Window = arguments.Int("window") ?? settings.Window,
            Duration = arguments.Seconds("seconds") ?? settings.Duration,
            Warmup = arguments.Seconds("warmup-seconds") ?? settings.Warmup,
            PayloadBytes = arguments.Int("payload-bytes") ?? settings.PayloadBytes,
            DrainTimeout = arguments.Seconds("drain-seconds") ?? settings.DrainTimeout,
        };
    }
}
