using System.Globalization;
using System.Text;
using System.Text.Json;
using TypedSockets.Bench.LoadGen;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>
/// <c>report</c>: the JSON lines of every round as the README's section between <c>&lt;!-- client-bench:begin --&gt;</c>
/// and <c>&lt;!-- client-bench:end --&gt;</c> (the rest of the file is kept): medians per pair, the typed client's ratio
/// to SignalR's, and the verdict against the target (the typed client ahead of SignalR's on calls/s, CPU per call
/// and bytes per call, each against its own server).
/// </summary>
internal static class ReportCommand
{
    public const string Usage = "report --in client-results.jsonl --readme bench/README.md [--note TEXT] [--title TEXT]";

    private const string Begin = "<!-- client-bench:begin -->";
    private const string End = "<!-- client-bench:end -->";

    /// <summary>The pairs in the table's order; the first two are the ones the target compares.</summary>
    private static readonly (string Client, string Server, string Label)[] Pairs =
    [
        ("typed", "typedhub", "typed client → typedhub"),
        ("signalr", "signalr", "SignalR client → signalr"),
        ("typed", "socketio", "typed client → Node socket.io"),
    ];

    private sealed record Row(string Metric, string Label, bool LowerIsBetter, bool InVerdict);

    private static readonly Row[] Rows =
    [
        new("callsPerSecond", "calls/s", false, true),
        new("p50Microseconds", "p50 latency (µs)", true, false),
        new("p99Microseconds", "p99 latency (µs)", true, false),
        new("clientCpuMicrosecondsPerCall", "client CPU per call (µs)", true, true),
        new("clientAllocatedBytesPerCall", "client allocated bytes per call", true, true),
        new("clientGen0CollectionsPerThousandCalls", "client gen0 GCs per 1,000 calls", true, false),
        new("clientCpu", "client CPU (share of its core)", true, false),
        new("clientKernelCpu", "client CPU in the kernel (share of its core)", true, false),
        new("serverCpu", "server CPU (share of its core)", true, false),
    ];

    private sealed record Run(string Client, string Server, int Round, bool Ok, Dictionary<string, double> Metrics, Dictionary<string, string> Parameters);

    public static async Task<int> RunAsync(TypedSockets.Bench.LoadGen.Arguments arguments)
    {
        var runs = new List<Run>();
        foreach (var line in await File.ReadAllLinesAsync(arguments.Required("in")))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                runs.Add(Parse(line));
            }
        }

        var section = Render(runs, arguments.Optional("title") ?? "The typed C# client against SignalR's .NET client", arguments.Optional("note"));
        var readme = arguments.Required("readme");
        await File.WriteAllTextAsync(readme, ReportParts.Splice(File.Exists(readme) ? await File.ReadAllTextAsync(readme) : "# Benchmarks\n", section, Begin, End));
        Console.WriteLine(section);
        return runs.TrueForAll(run => run.Ok) ? 0 : 1;
    }

    private static Run Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var metrics = ReportParts.Metrics(root);
        var parameters = ReportParts.Parameters(root);

        return new Run(root.GetProperty("client").GetString()!, root.GetProperty("server").GetString()!, root.GetProperty("round").GetInt32(),
            root.GetProperty("ok").GetBoolean(), metrics, parameters);
    }

    private static string Render(List<Run> runs, string title, string? note)
    {
        var pairs = Pairs.Where(pair => runs.Exists(run => run.Client == pair.Client && run.Server == pair.Server)).ToList();
        var rounds = runs.Count == 0 ? 0 : runs.Max(run => run.Round);
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `bench/run.sh --client` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {ReportParts.Machine()}. " +
            $"Server pinned to CPU 0, client to CPU 1 (`taskset`); the pairs alternate over {rounds} round(s); every cell is the median over rounds.");
        if (note is not null)
        {
            text.AppendLine();
            text.AppendLine(note);
        }

        text.AppendLine();
        text.Append("| metric |");
        foreach (var pair in pairs)
        {
            text.Append(CultureInfo.InvariantCulture, $" {pair.Label} |");
        }

        var compared = pairs.Count >= 2 && pairs[0] == Pairs[0] && pairs[1] == Pairs[1];
        text.AppendLine(compared ? " typed / SignalR |" : "");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---:|", pairs.Count + (compared ? 1 : 0))));
        text.AppendLine();

        var verdicts = new List<string>();
        foreach (var row in Rows)
        {
            var cells = pairs.Select(pair => Median(runs, pair.Client, pair.Server, row.Metric)).ToList();
            if (cells.TrueForAll(cell => !double.IsFinite(cell.Value)))
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"| {row.Label}{(row.LowerIsBetter ? " ↓" : "")} |");
            foreach (var cell in cells)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Format(cell.Value)}{cell.Marks} |");
            }

            if (compared)
            {
                var ratio = cells[0].Value / cells[1].Value;
                text.Append(double.IsFinite(ratio) ? string.Create(CultureInfo.InvariantCulture, $" {ratio:0.00}× |") : " — |");
                if (row.InVerdict && double.IsFinite(ratio))
                {
                    var ahead = row.LowerIsBetter ? ratio < 1 : ratio > 1;
                    verdicts.Add(string.Create(CultureInfo.InvariantCulture, $"{row.Label} {ratio:0.00}× SignalR's {(ahead ? "✓" : "✗")}"));
                }
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("↓ lower is better. ✗ after a number: a correctness check failed in some round (a call failed, was never answered, " +
            "or was answered with another call's payload; see the run log). CPU and allocations are the whole client process's " +
            "(`/proc/self/stat`, `GC.GetTotalAllocatedBytes(precise: true)`) over the measured window, divided by the calls answered in it.");
        text.AppendLine();
        if (compared)
        {
            var met = verdicts.Count > 0 && verdicts.TrueForAll(verdict => verdict.EndsWith('✓'));
            text.AppendLine(CultureInfo.InvariantCulture, $"**Target: the typed client ahead of SignalR's .NET client, each against its own server: " +
                $"{(met ? "met" : "missed")}** ({string.Join("; ", verdicts)}).");
            text.AppendLine();
        }

        text.AppendLine("Parameters: " + string.Join(", ", runs.FirstOrDefault()?.Parameters.Select(pair => $"{pair.Key} {pair.Value}") ?? []));
        text.AppendLine(End);
        return text.ToString();
    }

    private static (double Value, string Marks) Median(List<Run> runs, string client, string server, string metric)
    {
        var matching = runs.Where(run => run.Client == client && run.Server == server && run.Metrics.ContainsKey(metric)).ToList();
        var median = ReportParts.MedianOf(matching.Select(run => run.Metrics[metric]));
        return (median, matching.Exists(run => !run.Ok) ? " ✗" : "");
    }

    private static string Format(double value) => value switch
    {
        _ when !double.IsFinite(value) => "—",
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };

}
