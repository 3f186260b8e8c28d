using System.Globalization;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// The verdicts of the browser-path target: each of our servers ahead of both Node socket.io and SignalR on the
/// browser connect rate and on rpc-echo over long-polling (medians over rounds, same run). Empty when the run had
/// neither scenario.
/// </summary>
internal static class BrowserPathVerdicts
{
    private static readonly string[] Peers = ["socketio", "signalr"];

    private static readonly (string Scenario, string Metric, string Label)[] Figures =
    [
        ("connect-browser", "connectionsPerSecond", "browser connect: connections/s"),
        ("echo-polling", "roundTripsPerSecond", "rpc-echo over long-polling: round trips/s"),
    ];

    /// <param name="servers">The servers of the table, in its order.</param>
    /// <param name="median">The median of a server's metric in a scenario, with the table's marks (✗ failed check, ⚠ void).</param>
    public static string Render(IReadOnlyList<string> servers, Func<string, string, string, (double? Value, string Marks)> median)
    {
        var ours = servers.Where(server => server is not ("socketio" or "signalr" or "kestrel")).ToList();
        var figures = Figures.Where(figure => servers.Any(server => median(server, figure.Scenario, figure.Metric).Value is not null)).ToList();
        if (ours.Count == 0 || figures.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Verdicts against the target (ahead of both Node socket.io and SignalR on each figure; a ratio above 1.00× is ahead):");
        text.AppendLine();
        text.AppendLine("| figure | server | / socketio | / signalr | verdict |");
        text.AppendLine("|---|---|---:|---:|---|");
        foreach (var (scenario, metric, label) in figures)
        {
            foreach (var server in ours)
            {
                var own = median(server, scenario, metric);
                var marks = own.Marks;
                var ratios = new List<double>();
                text.Append(CultureInfo.InvariantCulture, $"| {label} | {server} |");
                foreach (var peer in Peers)
                {
                    var other = median(peer, scenario, metric);
                    marks += other.Marks;
                    if (own.Value / other.Value is { } ratio && double.IsFinite(ratio))
                    {
                        ratios.Add(ratio);
                        text.Append(CultureInfo.InvariantCulture, $" {ratio:0.00}× |");
                    }
                    else
                    {
                        text.Append(" — |");
                    }
                }

                var verdict = own.Value is null ? "not measured"
                    : marks.Contains('✗', StringComparison.Ordinal) || marks.Contains('⚠', StringComparison.Ordinal) ? "void (a failed check or a saturated load generator)"
                    : ratios.Any(ratio => ratio <= 1) ? "missed"
                    : ratios.Count < Peers.Length ? "peer not measured"
                    : "met";
                text.AppendLine(CultureInfo.InvariantCulture, $" {verdict} |");
            }
        }

        return text.ToString();
    }
}
