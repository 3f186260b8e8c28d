using System.Text.Json;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// The scale benchmark (<c>bench/run.sh --scale</c>) in smoke mode against each kind of peer: the server fills to 20 and
/// 40 connections bound round-robin to two loopback source addresses, every one of them joins, and the broadcast to all
/// of them passes every check (nothing lost, repeated or reordered) at both sizes. A size no open-file limit allows is
/// reported as not run, never dropped. And the report renders what was not run, where a server stopped, and the verdicts.
/// </summary>
public sealed class ScaleSmokeTests(BenchBuildFixture bench) : IClassFixture<BenchBuildFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>More descriptors than any process may hold (fs.nr_open is far below).</summary>
    private const string Impossible = "2000000000";

    [Theory]
    [InlineData("typedsockets")]
    [InlineData("typedhub-kestrel")]
    [InlineData("signalr")]
    [InlineData("socketio")]
    public async Task ScaleSmokeRunAgainstPeerMeasuresEverySizeAndReportsTheImpossibleOne(string server)
    {
        var (protocol, fileName, arguments) = server switch
        {
            "typedsockets" => ("socketio", "dotnet", new[] { bench.TypedSocketsServer, "--api", "lowlevel" }),
            // The typed hub on Kestrel's HTTP pipeline (fast path off): the default path's columns.
            "typedhub-kestrel" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "typed", "--fastpath", "off"]),
            "signalr" => ("signalr", "dotnet", [bench.SignalR]),
            _ => ("socketio", "node", [Path.Combine(bench.NodeSocketIO, "server.js")]),
        };
        if (server == "socketio")
        {
            Assert.True(Directory.Exists(Path.Combine(bench.NodeSocketIO, "node_modules")),
                "bench/Peers/NodeSocketIO has no node_modules: run `npm ci --prefix bench/Peers/NodeSocketIO` (.ci/run does)");
        }

        var (peer, url) = await PeerProcess.StartAsync(fileName, arguments, bench.RepositoryRoot);
        await using (peer)
        {
            var output = Path.Combine(Path.GetTempPath(), $"typedsockets-bench-scale-{Guid.NewGuid():N}.jsonl");
            try
            {
                var run = await ChildProcess.RunAsync("dotnet",
                    [bench.LoadGenerator, "run", "--server", server, "--protocol", protocol, "--url", url, "--out", output,
                        "--smoke", "--scenarios", "scale", "--source-addresses", "2", "--scale-sizes", $"20,40,{Impossible}"],
                    RunTimeout, bench.RepositoryRoot);
                Assert.True(run.ExitCode == 0, $"load generator exit code {run.ExitCode}:\n{run.Output}{run.Error}");
                var results = File.ReadAllLines(output).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
                Assert.Equal(new[] { "scale-broadcast-20", "scale-broadcast-40", "scale-fill" }, results.Select(result => result.GetProperty("scenario").GetString()).Order());
                foreach (var result in results)
                {
                    Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
                    Assert.Equal(0, result.GetProperty("errorCount").GetInt32());
                }

                var fill = results.Single(result => result.GetProperty("scenario").GetString() == "scale-fill");
                var parameters = fill.GetProperty("parameters");
                Assert.Equal("20 40", parameters.GetProperty("sizes").GetString());
                Assert.Equal(Impossible, parameters.GetProperty("notRun").GetString());
                Assert.StartsWith("open-file limit ", parameters.GetProperty("notRunReason").GetString(), StringComparison.Ordinal);
                Assert.Equal("2", parameters.GetProperty("sourceAddresses").GetString());
                Assert.False(parameters.TryGetProperty("stoppedAt", out _), fill.ToString());

                var metrics = fill.GetProperty("metrics");
                Assert.Equal(JsonValueKind.Number, metrics.GetProperty("kibPerConnection@20").ValueKind);
                Assert.Equal(JsonValueKind.Number, metrics.GetProperty("kibPerConnection@40").ValueKind);
                Assert.Equal(JsonValueKind.Number, metrics.GetProperty("kibPerConnectionInRoom@40").ValueKind);
                // Ten bands of four connections, each with its rate.
                var bands = metrics.EnumerateObject().Where(metric => metric.Name.StartsWith("connectionsPerSecond@", StringComparison.Ordinal)).ToList();
                Assert.Equal(10, bands.Count);
                Assert.All(bands, band => Assert.True(band.Value.GetDouble() > 0, fill.ToString()));

                foreach (var size in new[] { 20, 40 })
                {
                    var broadcast = results.Single(result => result.GetProperty("scenario").GetString() == $"scale-broadcast-{size}");
                    Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), broadcast.GetProperty("parameters").GetProperty("receivers").GetString());
                    var figures = broadcast.GetProperty("metrics");
                    Assert.True(figures.GetProperty("deliveriesPerSecond").GetDouble() > 0, broadcast.ToString());
                    Assert.True(figures.GetProperty("p99Microseconds").GetDouble() >= figures.GetProperty("p50Microseconds").GetDouble(), broadcast.ToString());
                    // One broadcast in flight at a time: the deliveries are whole broadcasts to all receivers.
                    Assert.True(figures.GetProperty("published").GetDouble() > 0, broadcast.ToString());
                }
            }
            finally
            {
                File.Delete(output);
            }
        }
    }

    [Fact]
    public async Task ScaleReportShowsSizesNotRunWhereAServerStoppedAndTheVerdicts()
    {
        var directory = Directory.CreateTempSubdirectory("typedsockets-bench-scale-report-");
        try
        {
            var results = Path.Combine(directory.FullName, "results.jsonl");
            await File.WriteAllLinesAsync(results,
            [
                Fill("alpha", "\"kibPerConnection@10000\":5.5,\"kibPerConnection@19000\":5.8,\"connectionsPerSecond@0-10000\":4000,\"connectionsPerSecond@10000-19000\":3000", ""),
                Fill("beta", "\"kibPerConnection@10000\":22,\"connectionsPerSecond@0-10000\":2000", ",\"stoppedAt\":\"15000\",\"stopReason\":\"no connect completed for 30 s\""),
                Broadcast("alpha", 19000, 400_000),
                Broadcast("alpha", 10000, 200_000),
                Broadcast("beta", 10000, 800_000),
            ]);
            var readme = Path.Combine(directory.FullName, "README.md");
            await File.WriteAllTextAsync(readme, "# Benchmarks\n\n<!-- scale-bench:begin -->\nplaceholder\n<!-- scale-bench:end -->\n\nkept below\n");

            var run = await ChildProcess.RunAsync("dotnet",
                [bench.LoadGenerator, "report", "--in", results, "--readme", readme, "--servers", "alpha,beta", "--marker", "scale-bench"],
                RunTimeout, bench.RepositoryRoot);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = await File.ReadAllTextAsync(readme);
            Assert.EndsWith("<!-- scale-bench:end -->\n\nkept below\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("placeholder", text, StringComparison.Ordinal);
            Assert.Contains("| idle memory at 10,000 connections (KiB/connection) ↓ | 5.50 | 22.0 | 0.25× |", text, StringComparison.Ordinal);
            Assert.Contains("| idle memory at 19,000 connections (KiB/connection) ↓ | 5.80 | stopped at 15,000 | — |", text, StringComparison.Ordinal);
            Assert.Contains("| at 100,000 connections (memory, broadcast) | not run: open-file limit 20000 | not run: open-file limit 20000 | — |", text, StringComparison.Ordinal);
            Assert.Contains("| broadcast to all 10,000: p99 latency (µs) ↓ | 200,000 | 800,000 | 0.25× |", text, StringComparison.Ordinal);
            Assert.Contains("| connect rate, connections 10,000–19,000 (connections/s) | 3,000 | stopped at 15,000 | — |", text, StringComparison.Ordinal);
            Assert.Contains("- beta (one round): stopped at 15,000 connections: no connect completed for 30 s", text, StringComparison.Ordinal);
            // The verdicts name the TypedSockets columns only; here none is, so they are left out.
            Assert.DoesNotContain("Targets:", text, StringComparison.Ordinal);

            // Named as ours, the first server gets a verdict per target with the nearest measured size.
            await File.WriteAllTextAsync(results, (await File.ReadAllTextAsync(results)).Replace("\"alpha\"", "\"typedsockets\"", StringComparison.Ordinal));
            run = await ChildProcess.RunAsync("dotnet",
                [bench.LoadGenerator, "report", "--in", results, "--readme", readme, "--servers", "typedsockets,beta", "--marker", "scale-bench"],
                RunTimeout, bench.RepositoryRoot);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            text = await File.ReadAllTextAsync(readme);
            Assert.Contains("- idle memory at 100,000 connections at most 6 KiB per connection: typedsockets not measured (not run: open-file limit 20000); " +
                "at 19,000: 5.80 KiB, within the target.", text, StringComparison.Ordinal);
            Assert.Contains("- broadcast to all 100,000 with p99 under 1 s: typedsockets not measured (not run: open-file limit 20000); " +
                "at 19,000: p99 400 ms, within the target.", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Fill(string server, string metrics, string stop) =>
            $$"""{"server":"{{server}}","scenario":"scale-fill","round":1,"ok":true,"errorCount":0,"errors":[],"parameters":{"sizes":"10000 19000","notRun":"50000 100000","notRunReason":"open-file limit 20000"{{stop}}},"metrics":{{{metrics}}},"generatorCpu":0.5,"serverCpu":0.9,"serverKernelCpu":0.4,"generatorSaturated":false}""";

        static string Broadcast(string server, int receivers, double p99) =>
            $$"""{"server":"{{server}}","scenario":"scale-broadcast-{{receivers}}","round":1,"ok":true,"errorCount":0,"errors":[],"parameters":{"receivers":"{{receivers}}"},"metrics":{"deliveriesPerSecond":100000,"p50Microseconds":1000,"p99Microseconds":{{p99}}},"generatorCpu":0.5,"serverCpu":0.9,"serverKernelCpu":0.4,"generatorSaturated":false}""";
    }
}
