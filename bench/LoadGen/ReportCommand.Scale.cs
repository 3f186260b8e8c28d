using System.Globalization;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// <c>report --marker scale-bench</c>: the scale scenario's section (<c>scale-fill</c> and <c>scale-broadcast-N</c>
/// results): per size the server's memory per connection and the broadcast to all connections, the connect rate per
/// band of the fill, what each server could not run or where it stopped, and the verdict on each target.
/// </summary>
internal static partial class ReportCommand
{
    public const string ScaleMarker = "scale-bench";

    private const string Fill = "scale-fill";
    private const string BroadcastPrefix = "scale-broadcast-";
    private const string MemoryPrefix = "kibPerConnection@";
    private const string InRoomPrefix = "kibPerConnectionInRoom@";
    private const string BandPrefix = "connectionsPerSecond@";

    /// <summary>The targets: at this many connections ...</summary>
    private const int TargetConnections = 100_000;

    /// <summary>... idle memory at most this many KiB per connection ...</summary>
    private const double TargetKibPerConnection = 6;

    /// <summary>... and a broadcast to all of them with p99 under this (µs).</summary>
    private const double TargetP99Microseconds = 1_000_000;

    private static string RenderScale(List<Run> runs, List<string> servers, Markers markers, string title, string? note, string placement)
    {
        var text = new StringBuilder();
        var rounds = servers.Count == 0 ? 0 : runs.Count(run => run.Server == servers[0] && run.Scenario == Fill);
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
        AppendHeader(text, servers, withRatios: true);
        var sizes = ScaleSizes(runs);
        foreach (var size in sizes)
        {
            if (!runs.Any(run => run.Scenario == Fill && run.Metrics.ContainsKey(MemoryPrefix + size)))
            {
                // Measured by none: one row saying why, instead of a row per metric.
                AppendReasonRow(text, runs, servers, $"at {size:N0} connections (memory, broadcast)", size);
                continue;
            }

            AppendScaleRow(text, runs, servers, new(Fill, MemoryPrefix + size, $"idle memory at {size:N0} connections (KiB/connection)", true), size);
        }

        foreach (var metric in MetricNames(runs, InRoomPrefix))
        {
            AppendScaleRow(text, runs, servers,
                new(Fill, metric, $"memory at {int.Parse(metric[InRoomPrefix.Length..], CultureInfo.InvariantCulture):N0} connections, all in room bench (KiB/connection)", true),
                null);
        }

        foreach (var size in sizes.Where(size => runs.Any(run => run.Scenario == BroadcastPrefix + size)))
        {
            var scenario = BroadcastPrefix + size;
            AppendScaleRow(text, runs, servers, new(scenario, "deliveriesPerSecond", $"broadcast to all {size:N0}: deliveries/s", false), size);
            AppendScaleRow(text, runs, servers, new(scenario, "p50Microseconds", $"broadcast to all {size:N0}: p50 latency (µs)", true), size);
            AppendScaleRow(text, runs, servers, new(scenario, "p99Microseconds", $"broadcast to all {size:N0}: p99 latency (µs)", true), size);
            AppendScaleRow(text, runs, servers, new(scenario, "allDeliveredP50Microseconds", $"broadcast to all {size:N0}: until the last receiver has it, median (µs)", true), size);
            AppendScaleRow(text, runs, servers, new(scenario, "deliveriesPerServerCpuSecond", $"broadcast to all {size:N0}: deliveries per server CPU-second", false), size);
        }

        foreach (var metric in MetricNames(runs, BandPrefix))
        {
            var band = metric[BandPrefix.Length..].Split('-').Select(bound => int.Parse(bound, CultureInfo.InvariantCulture)).ToArray();
            AppendScaleRow(text, runs, servers, new(Fill, metric, $"connect rate, connections {band[0]:N0}–{band[1]:N0} (connections/s)", false), band[1]);
        }

        text.AppendLine();
        text.AppendLine("↓ lower is better. \"not run\": the size needs more descriptors than the open-file limit leaves (one per connection " +
            "in the server and one in the load generator). \"stopped at N\": the server held N connections, then a connect failed or stalled " +
            "or it closed connections (reasons below). ✗ a correctness check failed in some round (lost, duplicated, reordered or " +
            "unacknowledged ticks; see the run log). ⚠ the load generator used more than 90% of its core in some round: void.");
        AppendStops(text, runs, servers);
        AppendVerdicts(text, runs, servers);
        AppendScaleCpu(text, runs, servers);

        text.AppendLine();
        text.AppendLine("Parameters:");
        text.AppendLine();
        foreach (var group in runs.GroupBy(run => run.Scenario))
        {
            var parameters = group.First().Parameters.Where(pair => pair.Key is not ("stoppedAt" or "stopReason" or "joinFailures"));
            text.AppendLine(CultureInfo.InvariantCulture, $"- {group.Key}: {string.Join(", ", parameters.Select(pair => $"{pair.Key} {pair.Value}"))}");
        }

        text.AppendLine(markers.End);
        return text.ToString();
    }

    /// <summary>Every size asked for in any run (run, not run, or not reached), ascending.</summary>
    private static List<int> ScaleSizes(List<Run> runs) =>
        [.. runs.Where(run => run.Scenario == Fill)
            .SelectMany(run => Sizes(run, "sizes").Concat(Sizes(run, "notRun")))
            .Distinct().Order()];

    private static IEnumerable<int> Sizes(Run run, string parameter) =>
        run.Parameters.TryGetValue(parameter, out var value)
            ? value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(size => int.Parse(size, CultureInfo.InvariantCulture))
            : [];

    /// <summary>Metric names with <paramref name="prefix"/> in any fill, ordered by the first number after it.</summary>
    private static List<string> MetricNames(List<Run> runs, string prefix) =>
        [.. runs.Where(run => run.Scenario == Fill).SelectMany(run => run.Metrics.Keys).Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct().OrderBy(name => int.Parse(name[prefix.Length..].Split('-')[0], CultureInfo.InvariantCulture))];

    private static void AppendHeader(StringBuilder text, List<string> servers, bool withRatios)
    {
        text.Append("| metric |");
        foreach (var server in servers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {server} |");
        }

        var ratios = withRatios ? Math.Max(0, servers.Count - 1) : 0;
        for (var i = 1; i <= ratios; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {servers[0]} / {servers[i]} |");
        }

        text.AppendLine();
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", servers.Count + ratios)));
        text.AppendLine();
    }

    /// <summary>A metric row; a server without the value says why when <paramref name="size"/> explains it.</summary>
    private static void AppendScaleRow(StringBuilder text, List<Run> runs, List<string> servers, Row row, int? size)
    {
        if (!runs.Any(run => run.Scenario == row.Scenario && run.Metrics.ContainsKey(row.Metric)))
        {
            return;
        }

        var medians = servers.Select(server => Median(runs, server, row)).ToList();
        text.Append(CultureInfo.InvariantCulture, $"| {row.Label}{(row.LowerIsBetter ? " ↓" : "")} |");
        for (var i = 0; i < servers.Count; i++)
        {
            var cell = medians[i];
            text.Append(cell.Value is { } value && double.IsFinite(value)
                ? $" {Format(value)}{cell.Marks} |"
                : $" {(size is { } missing ? WhyNot(runs, servers[i], missing) : "—")} |");
        }

        for (var i = 1; i < servers.Count; i++)
        {
            var ratio = medians[0].Value / medians[i].Value;
            text.Append(CultureInfo.InvariantCulture, $" {(ratio is { } value && double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—")} |");
        }

        text.AppendLine();
    }

    private static void AppendReasonRow(StringBuilder text, List<Run> runs, List<string> servers, string label, int size)
    {
        text.Append(CultureInfo.InvariantCulture, $"| {label} |");
        foreach (var server in servers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {WhyNot(runs, server, size)} |");
        }

        text.Append(string.Concat(Enumerable.Repeat(" — |", Math.Max(0, servers.Count - 1))));
        text.AppendLine();
    }

    /// <summary>Why <paramref name="server"/> has no figure at <paramref name="size"/> connections.</summary>
    private static string WhyNot(List<Run> runs, string server, int size)
    {
        var fills = runs.Where(run => run.Server == server && run.Scenario == Fill).ToList();
        if (fills.FirstOrDefault(run => Sizes(run, "notRun").Contains(size)) is { } limited)
        {
            return $"not run: {limited.Parameters.GetValueOrDefault("notRunReason", "open-file limit")}";
        }

        var stops = fills.Where(run => run.Parameters.ContainsKey("stoppedAt"))
            .Select(run => int.Parse(run.Parameters["stoppedAt"], CultureInfo.InvariantCulture)).ToList();
        return stops.Count > 0 && size > stops.Min() ? $"stopped at {stops.Min():N0}" : "—";
    }

    private static void AppendStops(StringBuilder text, List<Run> runs, List<string> servers)
    {
        var stopped = runs.Where(run => run.Scenario == Fill && servers.Contains(run.Server)
            && (run.Parameters.ContainsKey("stoppedAt") || run.Parameters.ContainsKey("joinFailures"))).ToList();
        if (stopped.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("Where servers stopped:");
        text.AppendLine();
        foreach (var run in stopped)
        {
            var stop = run.Parameters.TryGetValue("stoppedAt", out var at)
                ? $"stopped at {int.Parse(at, CultureInfo.InvariantCulture):N0} connections: {run.Parameters["stopReason"]}"
                : "held every size";
            var joins = run.Parameters.TryGetValue("joinFailures", out var failures) ? $"; joins failed: {failures}" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"- {run.Server} (one round): {stop}{joins}");
        }
    }

    /// <summary>One line per target and TypedSockets column: met or missed, or what stood in the way and the nearest figure.</summary>
    private static void AppendVerdicts(StringBuilder text, List<Run> runs, List<string> servers)
    {
        var ours = servers.Where(server => server.StartsWith("typed", StringComparison.Ordinal)).ToList();
        if (ours.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("Targets:");
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"- idle memory at {TargetConnections:N0} connections at most {TargetKibPerConnection} KiB per connection:");
        text.AppendLine(string.Join(";", ours.Select(server => " " + Verdict(runs, server, size => new(Fill, MemoryPrefix + size, "", true),
            value => value <= TargetKibPerConnection, value => $"{value:0.00} KiB"))) + ".");
        text.Append(CultureInfo.InvariantCulture, $"- broadcast to all {TargetConnections:N0} with p99 under {TargetP99Microseconds / 1_000_000:0} s:");
        text.AppendLine(string.Join(";", ours.Select(server => " " + Verdict(runs, server, size => new(BroadcastPrefix + size, "p99Microseconds", "", true),
            value => value < TargetP99Microseconds, value => $"p99 {value / 1000:N0} ms"))) + ".");
    }

    private static string Verdict(List<Run> runs, string server, Func<int, Row> rowAt, Func<double, bool> meets, Func<double, string> show)
    {
        if (Median(runs, server, rowAt(TargetConnections)) is { Value: { } value, Marks: var marks } && double.IsFinite(value))
        {
            return $"{server} {(meets(value) && marks.Length == 0 ? "met" : "missed")} ({show(value)}{marks})";
        }

        var nearest = ScaleSizes(runs).Where(size => size < TargetConnections)
            .Select(size => (Size: size, Cell: Median(runs, server, rowAt(size))))
            .LastOrDefault(pair => pair.Cell.Value is { } measured && double.IsFinite(measured));
        var reason = WhyNot(runs, server, TargetConnections);
        var measuredText = nearest.Cell.Value is { } near
            ? $"; at {nearest.Size:N0}: {show(near)}{nearest.Cell.Marks}, {(meets(near) ? "within" : "above")} the target"
            : "";
        return $"{server} not measured ({(reason == "—" ? "not asked for" : reason)}){measuredText}";
    }

    private static void AppendScaleCpu(StringBuilder text, List<Run> runs, List<string> servers)
    {
        text.AppendLine();
        text.AppendLine("CPU used, median over rounds (server, with the part of it spent in the kernel / load generator, share of one core): " +
            "scale-fill over the whole fill (connects and settling), scale-broadcast-N over the measured window:");
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
        foreach (var scenario in runs.Select(run => run.Scenario).Where(name => name == Fill || name.StartsWith(BroadcastPrefix, StringComparison.Ordinal)).Distinct()
            .OrderBy(name => name == Fill ? 0 : int.Parse(name[BroadcastPrefix.Length..], CultureInfo.InvariantCulture)))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {scenario} |");
            foreach (var server in servers)
            {
                var matching = runs.Where(run => run.Server == server && run.Scenario == scenario).ToList();
                text.Append(matching.Count == 0
                    ? " — |"
                    : string.Create(CultureInfo.InvariantCulture,
                        $" {ReportParts.MedianOf(matching.Select(run => run.ServerCpu)):P0} ({ReportParts.MedianOf(matching.Select(run => run.ServerKernelCpu)):P0} kernel) / {ReportParts.MedianOf(matching.Select(run => run.GeneratorCpu)):P0} |"));
            }

            text.AppendLine();
        }
    }
}
