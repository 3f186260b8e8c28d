using System.Globalization;
using System.Text.RegularExpressions;
using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Diagnostics;

/// <summary>
/// samples/SeedTour's <c>GET /metrics</c> (OpenTelemetry's Prometheus exporter) scraped while a socket.io-client peer
/// is connected, and again after it left: the <c>TypedSockets</c> series are there, with the values of what happened.
/// </summary>
[Collection(SeedTourCollection.Name)]
public sealed partial class SeedTourMetricsTests
{
    [Fact]
    public async Task Metrics_show_the_TypedSockets_meter_while_a_client_is_connected_and_after_it_left()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await NodeScenario.RunAsync("telemetry.mjs", "scrape", server.BaseUrl);

        var scrape = result.Single("scrape");
        Assert.Equal(42, scrape.GetProperty("sum").GetInt32());
        Assert.Equal(200, scrape.GetProperty("status").GetInt32());
        Assert.StartsWith("text/plain", scrape.GetProperty("contentType").GetString());
        var during = Series(scrape.GetProperty("text").GetString()!);
        Assert.Equal(1, during[("typedsockets_server_active_connections", "typedsockets_transport=\"websocket\"")]);
        Assert.Equal(0, during[("typedsockets_server_active_connections", "typedsockets_transport=\"polling\"")]);
        Assert.Equal(1, during[("typedsockets_server_active_sockets", "typedsockets_namespace=\"/\"")]);
        Assert.Equal(1, during[("typedsockets_server_connections_opened_total", "typedsockets_transport=\"polling\"")]);
        Assert.Equal(1, during[("typedsockets_server_upgrades_total", "typedsockets_transport=\"websocket\"")]);
        Assert.Equal(3, during[("typedsockets_server_events_received_total", "typedsockets_namespace=\"/\"")]);
        Assert.Equal(1, during[("typedsockets_server_errors_total", "error_type=\"unknown_event\"")]);
        Assert.Equal(3, during[("typedsockets_server_handler_duration_seconds_count", "typedsockets_namespace=\"/\"")]);
        // Three events of 14 to 20 bytes, and at least the CONNECT answer and three acks out, over either transport.
        Assert.True(Bytes(during, "received") > 40);
        Assert.True(Bytes(during, "sent") > 40);

        // After the peer left: nothing open, one session closed, with its duration.
        using var http = new HttpClient();
        Dictionary<(string, string), double> after = [];
        await Poll.UntilAsync(async () =>
        {
            after = Series(await http.GetStringAsync(server.BaseUrl + "/metrics"));
            return after.GetValueOrDefault(("typedsockets_server_active_connections", "typedsockets_transport=\"websocket\"")) == 0
                && after.ContainsKey(("typedsockets_server_connection_duration_seconds_count", "typedsockets_transport=\"websocket\""));
        }, "the peer's close in /metrics");
        Assert.Equal(0, after[("typedsockets_server_active_sockets", "typedsockets_namespace=\"/\"")]);
        Assert.Equal(1, after[("typedsockets_server_connection_duration_seconds_count", "typedsockets_transport=\"websocket\"")]);
        Assert.Equal(1, after[("typedsockets_server_sockets_disconnected_total", "typedsockets_namespace=\"/\"")]);
    }

    private static double Bytes(Dictionary<(string, string), double> series, string direction) =>
        series.GetValueOrDefault(($"typedsockets_server_bytes_{direction}_bytes_total", "typedsockets_transport=\"websocket\""))
        + series.GetValueOrDefault(($"typedsockets_server_bytes_{direction}_bytes_total", "typedsockets_transport=\"polling\""));

    /// <summary>
    /// The samples of a Prometheus text exposition: (metric name, one label of interest) → value, summed over the other
    /// labels (otel_scope_name and the like). Every sample is indexed under each of its labels.
    /// </summary>
    private static Dictionary<(string, string), double> Series(string text)
    {
        var series = new Dictionary<(string, string), double>();
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                if (label.Value.StartsWith("otel_scope", StringComparison.Ordinal))
                {
                    continue;
                }

                var key = (match.Groups["name"].Value, label.Value);
                series[key] = series.GetValueOrDefault(key) + value;
            }
        }

        return series;
    }

    [GeneratedRegex(@"^(?<name>typedsockets_[a-z_]+)\{(?<labels>[^}]*)\} (?<value>[-+0-9.eE]+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"[a-z_]+=""[^""]*""")]
    private static partial Regex Label();
}
