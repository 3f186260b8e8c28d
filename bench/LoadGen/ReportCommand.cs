using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// <c>report</c>: reads the JSON lines of every round and writes the medians and ratios as a markdown
/// section of the README, between the markers <c>&lt;!-- NAME:begin --&gt;</c> and <c>&lt;!-- NAME:end --&gt;</c>
/// (<c>--marker NAME</c>, default <c>e2e-bench</c>); the rest of the file is kept.
/// </summary>
internal static partial class ReportCommand
{
    public const string Usage = "report --in results.jsonl --readme bench/README.md [--servers a,b,c] [--title TEXT] [--note TEXT]\n" +
        "         [--marker e2e-bench|scale-bench] [--placement TEXT]";

    private const string DefaultPlacement = "Server pinned to CPU 0, load generator to CPU 1 (`taskset`)";

    private sealed record Run(string Server, string Scenario, bool Ok, bool Saturated, double GeneratorCpu, double ServerCpu, double ServerKernelCpu,
        double BackplaneCpu,
        Dictionary<string, double> Metrics, Dictionary<string, string> Parameters);

    private sealed record Markers(string Begin, string End)
    {
        public static Markers Named(string name) => new($"<!-- {name}:begin -->", $"<!-- {name}:end -->");
    }

    private sealed record Row(string Scenario, string Metric, string Label, bool LowerIsBetter);

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var runs = new List<Run>();
        foreach (var line in await File.ReadAllLinesAsync(arguments.Required("in")))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                runs.Add(Parse(line));
            }
        }

        var servers = arguments.Optional("servers")?.Split(',').Where(server => runs.Any(run => run.Server == server)).ToList()
            ?? runs.Select(run => run.Server).Distinct().ToList();
        var markers = Markers.Named(arguments.Optional("marker") ?? "e2e-bench");
        var section = markers == Markers.Named(ScaleMarker)
            ? RenderScale(runs, servers, markers, arguments.Optional("title") ?? "Scale on one machine", arguments.Optional("note"),
                arguments.Optional("placement") ?? DefaultPlacement)
            : Render(runs, servers, markers, arguments.Optional("title") ?? "End-to-end benchmarks", arguments.Optional("note"),
                arguments.Optional("placement") ?? DefaultPlacement);
        var readme = arguments.Required("readme");
        await File.WriteAllTextAsync(readme, ReportParts.Splice(File.Exists(readme) ? await File.ReadAllTextAsync(readme) : "# Benchmarks\n", section, markers.Begin, markers.End));
        Console.WriteLine(section);
        return runs.All(run => run.Ok) ? 0 : 1;
    }

    private static Run Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var metrics = ReportParts.Metrics(root);
        var parameters = ReportParts.Parameters(root);

        return new Run(root.GetProperty("server").GetString()!, root.GetProperty("scenario").GetString()!, root.GetProperty("ok").GetBoolean(),
            root.GetProperty("generatorSaturated").GetBoolean(), Number(root, "generatorCpu"), Number(root, "serverCpu"), Number(root, "serverKernelCpu"),
            Number(root, "backplaneCpu"),
            metrics, parameters);

        static double Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
    }

    private static List<Row> RowsOf(List<Run> runs)
    {
        var rows = new List<Row>
        {
            new("rpc-echo", "roundTripsPerSecond", "rpc-echo: round trips/s", false),
            new("rpc-echo", "p50Microseconds", "rpc-echo: p50 latency (µs)", true),
            new("rpc-echo", "p99Microseconds", "rpc-echo: p99 latency (µs)", true),
        };
        foreach (var scenario in runs.Select(run => run.Scenario).Where(name => name.StartsWith("broadcast-", StringComparison.Ordinal)).Distinct()
            .OrderBy(name => int.Parse(name["broadcast-".Length..], CultureInfo.InvariantCulture)))
        {
            var receivers = scenario["broadcast-".Length..];
            rows.Add(new(scenario, "deliveriesPerSecond", $"broadcast to {receivers}: deliveries/s", false));
            rows.Add(new(scenario, "p50Microseconds", $"broadcast to {receivers}: p50 latency (µs)", true));
            rows.Add(new(scenario, "p99Microseconds", $"broadcast to {receivers}: p99 latency (µs)", true));
            rows.Add(new(scenario, "deliveriesPerServerCpuSecond", $"broadcast to {receivers}: deliveries per server CPU-second", false));
            rows.Add(new(scenario, "deliveriesPerServerKernelCpuSecond", $"broadcast to {receivers}: deliveries per server kernel CPU-second", false));
            rows.Add(new(scenario, "ticksPerReceiverRead", $"broadcast to {receivers}: ticks per receiver read", false));
        }

        foreach (var metric in runs.Where(run => run.Scenario == "idle-memory").SelectMany(run => run.Metrics.Keys)
            .Where(name => name.StartsWith("kibPerConnection@", StringComparison.Ordinal)).Distinct()
            .OrderBy(name => int.Parse(name["kibPerConnection@".Length..], CultureInfo.InvariantCulture)))
        {
            rows.Add(new("idle-memory", metric, $"idle memory at {metric["kibPerConnection@".Length..]} connections (KiB/connection)", true));
        }

        rows.Add(new("connect-rate", "connectionsPerSecond", "connect rate (connections/s)", false));
        // The browser's default paths (bench/run.sh --browser-path).
        rows.Add(new("connect-browser", "connectionsPerSecond", "browser connect: connections/s", false));
        rows.Add(new("connect-browser", "p50Microseconds", "browser connect: p50 time to connected over WebSocket (µs)", true));
        rows.Add(new("connect-browser", "p99Microseconds", "browser connect: p99 time to connected over WebSocket (µs)", true));
        rows.Add(new("connect-browser", "upgradePauseP50Microseconds", "browser connect: p50 wait from 3probe until polling paused (µs)", true));
        rows.Add(new("echo-polling", "roundTripsPerSecond", "rpc-echo over long-polling: round trips/s", false));
        rows.Add(new("echo-polling", "p50Microseconds", "rpc-echo over long-polling: p50 latency (µs)", true));
        rows.Add(new("echo-polling", "p99Microseconds", "rpc-echo over long-polling: p99 latency (µs)", true));
        return rows;
    }

    private static string Render(List<Run> runs, List<string> servers, Markers markers, string title, string? note, string placement)
    {
        var text = new StringBuilder();
        var rounds = servers.Count == 0 ? 0 : runs.Where(run => run.Server == servers[0]).GroupBy(run => run.Scenario).Select(group => group.Count()).DefaultIfEmpty(0).Max();
        text.AppendLine(markers.Begin);
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `bench/run.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {ReportParts.Machine()}. " +
            $"{placement}; servers alternate over {rounds} round(s); every cell is the median over rounds.");
        if (note is not null)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        text.AppendLine();
        text.Append("| metric |");
        foreach (var server in servers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {server} |");
        }

        for (var i = 1; i < servers.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {servers[0]} / {servers[i]} |");
        }

        text.AppendLine();
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", servers.Count + Math.Max(0, servers.Count - 1))));
        text.AppendLine();

        foreach (var row in RowsOf(runs))
        {
            var medians = servers.Select(server => Median(runs, server, row)).ToList();
            if (medians.All(cell => cell.Value is null))
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"| {row.Label}{(row.LowerIsBetter ? " ↓" : "")} |");
            foreach (var cell in medians)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Format(cell.Value)}{cell.Marks} |");
            }

            for (var i = 1; i < servers.Count; i++)
            {
                var ratio = medians[0].Value / medians[i].Value;
                text.Append(CultureInfo.InvariantCulture, $" {(ratio is { } value && double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—")} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("↓ lower is better. — not measured (raw echo has no rooms or namespace connect). ✗ a correctness check failed in some round " +
            "(lost, duplicated or unacknowledged messages; see the run log). " +
            (runs.Any(run => double.IsFinite(run.BackplaneCpu))
                ? "⚠ the load generator and Redis (on the same core) together used more than 90% of it in some round: void."
                : "⚠ the load generator used more than 90% of its core in some round: void."));
        text.AppendLine();
        var withBackplane = runs.Any(run => double.IsFinite(run.BackplaneCpu));
        text.AppendLine(withBackplane
            ? "CPU used during the measured window, median over rounds (server nodes together, with the part of it spent in the kernel / load generator / Redis, share of one core):"
            : "CPU used during the measured window, median over rounds (server, with the part of it spent in the kernel / load generator, share of one core):");
        text.AppendLine();
        text.Append("| scenario |");
        foreach (var server in servers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {server} |");
        }

        text.AppendLine();
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", servers.Count)));
        text.AppendLine();
        foreach (var scenario in runs.Select(run => run.Scenario).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {scenario} |");
            foreach (var server in servers)
            {
                var matching = runs.Where(run => run.Server == server && run.Scenario == scenario).ToList();
                if (matching.Count == 0)
                {
                    text.Append(" — |");
                    continue;
                }

                var kernel = ReportParts.MedianOf(matching.Select(run => run.ServerKernelCpu));
                text.Append(CultureInfo.InvariantCulture, $" {ReportParts.MedianOf(matching.Select(run => run.ServerCpu)):P0}");
                text.Append(double.IsFinite(kernel) ? string.Create(CultureInfo.InvariantCulture, $" ({kernel:P0} kernel)") : "");
                text.Append(CultureInfo.InvariantCulture, $" / {ReportParts.MedianOf(matching.Select(run => run.GeneratorCpu)):P0}");
                text.Append(withBackplane ? string.Create(CultureInfo.InvariantCulture, $" / {ReportParts.MedianOf(matching.Select(run => run.BackplaneCpu)):P0} |") : " |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Parameters:");
        text.AppendLine();
        foreach (var group in runs.GroupBy(run => run.Scenario))
        {
            var parameters = group.First().Parameters;
            text.AppendLine(CultureInfo.InvariantCulture, $"- {group.Key}: {string.Join(", ", parameters.Select(pair => $"{pair.Key} {pair.Value}"))}");
        }

        text.Append(BrowserPathVerdicts.Render(servers, (server, scenario, metric) => Median(runs, server, new Row(scenario, metric, "", false))));
        text.AppendLine(markers.End);
        return text.ToString();
    }

    private static (double? Value, string Marks) Median(List<Run> runs, string server, Row row)
    {
        var matching = runs.Where(run => run.Server == server && run.Scenario == row.Scenario && run.Metrics.ContainsKey(row.Metric)).ToList();
        if (matching.Count == 0)
        {
            return (null, "");
        }

        var marks = (matching.Any(run => !run.Ok) ? " ✗" : "") + (matching.Any(run => run.Saturated) ? " ⚠" : "");
        return (ReportParts.MedianOf(matching.Select(run => run.Metrics[row.Metric])), marks);
    }

    private static string Format(double? value) => value switch
    {
        null => "—",
        double number when !double.IsFinite(number) => "—",
        >= 1000 => value.Value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

}
