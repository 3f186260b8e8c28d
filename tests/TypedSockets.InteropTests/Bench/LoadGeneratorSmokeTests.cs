using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// The end-to-end load generator's smoke mode (every scenario for about a second, tiny sizes) against
/// each benchmark peer: every correctness check (nothing lost or duplicated, every ack back) must pass.
/// And the checks must be able to fail: an echo server that loses or repeats a message fails the run.
/// </summary>
public sealed class LoadGeneratorSmokeTests(BenchBuildFixture bench) : IClassFixture<BenchBuildFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("kestrel")]
    [InlineData("signalr")]
    [InlineData("socketio")]
    [InlineData("typedsockets")]
    [InlineData("typedhub")]
    [InlineData("typedsockets-recovery")]
    public async Task SmokeRunAgainstPeerPassesEveryCorrectnessCheck(string server)
    {
        var (protocol, fileName, arguments, expected) = server switch
        {
            "kestrel" => ("raw", "dotnet", new[] { bench.KestrelEcho }, new[] { "idle-memory", "rpc-echo" }),
            "signalr" => ("signalr", "dotnet", [bench.SignalR], ["idle-memory", "connect-rate", "rpc-echo", "broadcast-10"]),
            "typedsockets" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "lowlevel"], ["idle-memory", "connect-rate", "rpc-echo", "broadcast-10"]),
            "typedhub" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "typed"], ["idle-memory", "connect-rate", "rpc-echo", "broadcast-10"]),
            // Broadcasts carry the recovery offset as a last argument; the load generator's checks must still pass.
            "typedsockets-recovery" => ("socketio", "dotnet", [bench.TypedSocketsServer, "--api", "lowlevel", "--recovery", "on"], ["idle-memory", "connect-rate", "rpc-echo", "broadcast-10"]),
            _ => ("socketio", "node", [Path.Combine(bench.NodeSocketIO, "server.js")], ["idle-memory", "connect-rate", "rpc-echo", "broadcast-10"]),
        };
        if (server == "socketio")
        {
            Assert.True(Directory.Exists(Path.Combine(bench.NodeSocketIO, "node_modules")),
                "bench/Peers/NodeSocketIO has no node_modules: run `npm ci --prefix bench/Peers/NodeSocketIO` (.ci/run does)");
        }

        var (peer, url) = await PeerProcess.StartAsync(fileName, arguments, bench.RepositoryRoot);
        await using (peer)
        {
            var results = await bench.RunLoadGeneratorAsync(server, protocol, url, ["--smoke"], expectSuccess: true);
            Assert.Equal(expected.Order(), results.Select(result => result.GetProperty("scenario").GetString()).Order());
            foreach (var result in results)
            {
                Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
                Assert.Equal(0, result.GetProperty("errorCount").GetInt32());
            }

            var echo = results.Single(result => result.GetProperty("scenario").GetString() == "rpc-echo");
            Assert.True(echo.GetProperty("metrics").GetProperty("roundTripsPerSecond").GetDouble() > 0, echo.ToString());
            // The server's CPU is split into its kernel part, which can never exceed the whole.
            var kernel = echo.GetProperty("serverKernelCpu").GetDouble();
            Assert.InRange(kernel, 0, echo.GetProperty("serverCpu").GetDouble());
            if (results.SingleOrDefault(result => result.GetProperty("scenario").GetString() == "broadcast-10") is { ValueKind: JsonValueKind.Object } broadcast)
            {
                // A read holds at least one tick, and at most as many as the publisher may be ahead of the slowest receiver (--smoke: 4).
                var metrics = broadcast.GetProperty("metrics");
                Assert.InRange(metrics.GetProperty("ticksPerReceiverRead").GetDouble(), 1, 4);

                // Per second of kernel time alone a server delivers at least as much as per second of all its CPU time
                // (null when the window was too short for the kernel time to move).
                if (metrics.GetProperty("deliveriesPerServerKernelCpuSecond") is { ValueKind: JsonValueKind.Number } perKernelSecond)
                {
                    Assert.True(perKernelSecond.GetDouble() >= metrics.GetProperty("deliveriesPerServerCpuSecond").GetDouble(), broadcast.ToString());
                }
            }
        }
    }

    [Theory]
    [InlineData("drop", "acks never arrived")]
    [InlineData("repeat", "duplicated or never asked for")]
    public async Task EchoServerThatLosesOrRepeatsAMessageFailsTheRun(string fault, string reported)
    {
        await using var app = await StartFaultyEchoAsync(fault);
        var results = await bench.RunLoadGeneratorAsync("faulty", "raw", app.Urls.First(), ["--smoke", "--scenarios", "echo", "--drain-seconds", "1"], expectSuccess: false);

        var echo = Assert.Single(results);
        Assert.False(echo.GetProperty("ok").GetBoolean());
        Assert.Contains(echo.GetProperty("errors").EnumerateArray(), error => error.GetString()!.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EchoSplitIntoFragmentsIsReassembled()
    {
        await using var app = await StartFaultyEchoAsync("fragment");
        var results = await bench.RunLoadGeneratorAsync("fragmenting", "raw", app.Urls.First(), ["--smoke", "--scenarios", "echo"], expectSuccess: true);

        var echo = Assert.Single(results);
        Assert.True(echo.GetProperty("ok").GetBoolean(), echo.ToString());
    }

    [Fact]
    public async Task ReportReplacesOnlyItsOwnSectionOfTheReadme()
    {
        var directory = Directory.CreateTempSubdirectory("typedsockets-bench-report-");
        try
        {
            var results = Path.Combine(directory.FullName, "results.jsonl");
            await File.WriteAllLinesAsync(results, [Echo("alpha", 1, 300_000), Echo("beta", 1, 100_000), Echo("alpha", 2, 200_000), Echo("beta", 2, 100_000)]);
            var readme = Path.Combine(directory.FullName, "README.md");
            await File.WriteAllTextAsync(readme, "# Benchmarks\n\n## Micro\n\nkept above\n\n<!-- e2e-bench:begin -->\nold table\n<!-- e2e-bench:end -->\n\nkept below\n");

            var run = await ChildProcess.RunAsync("dotnet", [bench.LoadGenerator, "report", "--in", results, "--readme", readme, "--servers", "alpha,beta"],
                RunTimeout, bench.RepositoryRoot);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = await File.ReadAllTextAsync(readme);
            Assert.StartsWith("# Benchmarks\n\n## Micro\n\nkept above\n\n<!-- e2e-bench:begin -->", text, StringComparison.Ordinal);
            Assert.EndsWith("<!-- e2e-bench:end -->\n\nkept below\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("old table", text, StringComparison.Ordinal);
            // Medians over the two rounds: 250,000 and 100,000; the ratio column divides the first server by the others.
            Assert.Contains("| rpc-echo: round trips/s | 250,000 | 100,000 | 2.50× |", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Echo(string server, int round, double roundTrips) =>
            $$"""{"server":"{{server}}","scenario":"rpc-echo","round":{{round}},"ok":true,"errorCount":0,"errors":[],"parameters":{"connections":"1"},"metrics":{"roundTripsPerSecond":{{roundTrips}},"p50Microseconds":10,"p99Microseconds":20},"generatorCpu":0.5,"serverCpu":1,"generatorSaturated":false}""";
    }

    [Fact]
    public async Task ReportWithAMarkerReplacesThatSectionAndKeepsTheEndToEndOne()
    {
        var directory = Directory.CreateTempSubdirectory("typedsockets-bench-report-");
        try
        {
            var results = Path.Combine(directory.FullName, "results.jsonl");
            await File.WriteAllLinesAsync(results, [Broadcast("alpha", 300_000), Broadcast("beta", 100_000)]);
            var readme = Path.Combine(directory.FullName, "README.md");
            const string EndToEnd = "<!-- e2e-bench:begin -->\ne2e table\n<!-- e2e-bench:end -->\n";
            await File.WriteAllTextAsync(readme, $"# Benchmarks\n\n{EndToEnd}\n<!-- redis-bench:begin -->\nold table\n<!-- redis-bench:end -->\n\nkept below\n");

            var run = await ChildProcess.RunAsync("dotnet",
                [bench.LoadGenerator, "report", "--in", results, "--readme", readme, "--servers", "alpha,beta", "--marker", "redis-bench", "--placement", "Nodes on CPU 0"],
                RunTimeout, bench.RepositoryRoot);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = await File.ReadAllTextAsync(readme);
            Assert.StartsWith($"# Benchmarks\n\n{EndToEnd}\n<!-- redis-bench:begin -->", text, StringComparison.Ordinal);
            Assert.EndsWith("<!-- redis-bench:end -->\n\nkept below\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("old table", text, StringComparison.Ordinal);
            Assert.Contains("Nodes on CPU 0; servers alternate over 1 round(s)", text, StringComparison.Ordinal);
            // Beta's generator and Redis used 95% of the core they share: void.
            Assert.Contains("| broadcast to 1000: deliveries/s | 300,000 | 100,000 ⚠ | 3.00× |", text, StringComparison.Ordinal);
            Assert.Contains("| broadcast-1000 | 100 % (60 % kernel) / 50 % / 10 % | 100 % (60 % kernel) / 85 % / 10 % |", text, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Broadcast(string server, double deliveries) =>
            $$"""{"server":"{{server}}","scenario":"broadcast-1000","round":1,"ok":true,"errorCount":0,"errors":[],"parameters":{"receivers":"1000"},"metrics":{"deliveriesPerSecond":{{deliveries}},"p50Microseconds":10,"p99Microseconds":20},"generatorCpu":{{(server == "alpha" ? "0.5" : "0.85")}},"serverCpu":1,"serverKernelCpu":0.6,"backplaneCpu":0.1,"generatorSaturated":{{(server == "alpha" ? "false" : "true")}}}""";
    }

    /// <summary>A WebSocket echo that drops, or sends twice, the third message of every connection, or fragments every echo.</summary>
    private static async Task<WebApplication> StartFaultyEchoAsync(string fault)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            try
            {
                for (var count = 1; ; count++)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    if (fault == "fragment")
                    {
                        // A text frame with the first half, then a continuation frame with the rest.
                        var half = received.Count / 2;
                        await socket.SendAsync(buffer.AsMemory(0, half), received.MessageType, false, context.RequestAborted);
                        await socket.SendAsync(buffer.AsMemory(half, received.Count - half), received.MessageType, true, context.RequestAborted);
                        continue;
                    }

                    var copies = count != 3 ? 1 : fault == "drop" ? 0 : 2;
                    for (var i = 0; i < copies; i++)
                    {
                        await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, true, context.RequestAborted);
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The load generator resets its connections at the end.
            }
        });
        await app.StartAsync();
        return app;
    }
}
