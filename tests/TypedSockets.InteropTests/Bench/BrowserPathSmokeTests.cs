using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// The browser-path scenarios of the load generator (<c>bench/run.sh --browser-path</c>) in smoke mode against each
/// peer: socket.io-client's polling handshake and upgrade, SignalR's negotiate and WebSocket, and rpc-echo over
/// long-polling, with every correctness check passing. And the check can fail: a polling server that reorders or
/// repeats an ack fails the run.
/// </summary>
public sealed class BrowserPathSmokeTests(BenchBuildFixture bench) : IClassFixture<BenchBuildFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("signalr")]
    [InlineData("socketio")]
    [InlineData("typedsockets")]
    [InlineData("typedhub")]
    [InlineData("typedhub-kestrel")]
    public async Task BrowserPathsAgainstPeerPassEveryCorrectnessCheck(string server)
    {
        var (protocol, fileName, arguments) = server switch
        {
            "signalr" => ("signalr", "dotnet", new[] { bench.SignalR }),
            "typedsockets" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "lowlevel"]),
            "typedhub" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "typed"]),
            "typedhub-kestrel" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "typed", "--fastpath", "off"]),
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
            var results = await bench.RunLoadGeneratorAsync(server, protocol, url, ["--smoke", "--scenarios", "echo-polling,connect-browser"], expectSuccess: true);

            Assert.Equal(["connect-browser", "echo-polling"], results.Select(result => result.GetProperty("scenario").GetString()).Order());
            foreach (var result in results)
            {
                Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
                Assert.Equal(0, result.GetProperty("errorCount").GetInt32());
                var metrics = result.GetProperty("metrics");
                Assert.InRange(metrics.GetProperty("p50Microseconds").GetDouble(), 1, metrics.GetProperty("p99Microseconds").GetDouble());
            }

            var connect = results.Single(result => result.GetProperty("scenario").GetString() == "connect-browser");
            Assert.True(connect.GetProperty("metrics").GetProperty("connectionsPerSecond").GetDouble() > 0, connect.ToString());
            var echo = results.Single(result => result.GetProperty("scenario").GetString() == "echo-polling");
            Assert.True(echo.GetProperty("metrics").GetProperty("roundTripsPerSecond").GetDouble() > 0, echo.ToString());
        }
    }

    [Theory]
    [InlineData("reorder", "ack 5 lost, duplicated, out of order or never asked for (expected 4)")]
    [InlineData("repeat", "ack 4 lost, duplicated, out of order or never asked for (expected 5)")]
    public async Task PollingServerThatReordersOrRepeatsAnAckFailsTheRun(string fault, string reported)
    {
        await using var app = await StartFaultyPollingServerAsync(fault);
        var results = await bench.RunLoadGeneratorAsync("faulty", "socketio", app.Urls.First(),
            ["--smoke", "--scenarios", "echo-polling", "--drain-seconds", "1"], expectSuccess: false);

        var echo = Assert.Single(results);
        Assert.False(echo.GetProperty("ok").GetBoolean());
        Assert.Contains(echo.GetProperty("errors").EnumerateArray(),
            error => error.GetString()!.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportGivesAVerdictPerServerAndFigureAgainstBothPeers()
    {
        var directory = Directory.CreateTempSubdirectory("typedsockets-bench-report-");
        try
        {
            var results = Path.Combine(directory.FullName, "results.jsonl");
            await File.WriteAllLinesAsync(results,
            [
                Line("ours", "connect-browser", "connectionsPerSecond", 3000), Line("ours", "echo-polling", "roundTripsPerSecond", 20_000),
                Line("socketio", "connect-browser", "connectionsPerSecond", 1000), Line("socketio", "echo-polling", "roundTripsPerSecond", 25_000),
                Line("signalr", "connect-browser", "connectionsPerSecond", 1500), Line("signalr", "echo-polling", "roundTripsPerSecond", 10_000),
            ]);
            var readme = Path.Combine(directory.FullName, "README.md");
            await File.WriteAllTextAsync(readme, "# Benchmarks\n\n<!-- browser-bench:begin -->\nplaceholder\n<!-- browser-bench:end -->\n");

            var run = await ChildProcess.RunAsync("dotnet",
                [bench.LoadGenerator, "report", "--in", results, "--readme", readme, "--servers", "ours,socketio,signalr", "--marker", "browser-bench"],
                RunTimeout, bench.RepositoryRoot);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = await File.ReadAllTextAsync(readme);
            Assert.DoesNotContain("placeholder", text, StringComparison.Ordinal);
            Assert.Contains("| browser connect: connections/s | 3,000 | 1,000 | 1,500 | 3.00× | 2.00× |", text, StringComparison.Ordinal);
            Assert.Contains("| browser connect: connections/s | ours | 3.00× | 2.00× | met |", text, StringComparison.Ordinal);
            Assert.Contains("| rpc-echo over long-polling: round trips/s | ours | 0.80× | 2.00× | missed |", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Line(string server, string scenario, string metric, double value) =>
            $$"""{"server":"{{server}}","scenario":"{{scenario}}","round":1,"ok":true,"errorCount":0,"errors":[],"parameters":{},"metrics":{"{{metric}}":{{value}},"p50Microseconds":10,"p99Microseconds":20},"generatorCpu":0.5,"serverCpu":1,"serverKernelCpu":0.5,"generatorSaturated":false}""";
    }

    /// <summary>
    /// A bare Engine.IO long-polling server whose <c>echo</c> answers the call with id 4 wrongly: after the call with id
    /// 5 (reorder), or twice (repeat). Every other call gets its ack in order.
    /// </summary>
    private static async Task<WebApplication> StartFaultyPollingServerAsync(string fault)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sessions = new ConcurrentDictionary<string, Channel<string>>();
        app.MapGet("/socket.io/", async context =>
        {
            var sid = context.Request.Query["sid"].ToString();
            if (sid.Length == 0)
            {
                sid = Guid.NewGuid().ToString("N");
                sessions[sid] = Channel.CreateUnbounded<string>();
                await context.Response.WriteAsync($$"""0{"sid":"{{sid}}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}""");
                return;
            }

            var queue = sessions[sid].Reader;
            var packets = new List<string> { await queue.ReadAsync(context.RequestAborted) };
            while (queue.TryRead(out var more))
            {
                packets.Add(more);
            }

            await context.Response.WriteAsync(string.Join('\u001e', packets));
        });
        var held = new ConcurrentDictionary<string, string>();
        app.MapPost("/socket.io/", async context =>
        {
            var sid = context.Request.Query["sid"].ToString();
            var queue = sessions[sid].Writer;
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            foreach (var packet in body.Split('\u001e'))
            {
                if (packet == "40")
                {
                    queue.TryWrite("""40{"sid":"namespace"}""");
                    continue;
                }

                // 42<id>["echo","payload"] → 43<id>["payload"]
                var bracket = packet.IndexOf('[', StringComparison.Ordinal);
                var id = packet[2..bracket];
                var ack = $"43{id}[{packet[(bracket + "[\"echo\",".Length)..]}";
                if (id == "4" && fault == "reorder")
                {
                    held[sid] = ack;
                    continue;
                }

                queue.TryWrite(ack);
                if (id == "4")
                {
                    queue.TryWrite(ack);
                }

                if (held.TryRemove(sid, out var late))
                {
                    queue.TryWrite(late);
                }
            }

            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        return app;
    }
}
