using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.SocketIO;
using TypedSockets.Tests.EngineIO;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// The client-load driver (bench/ClientLoad, run by <c>bench/run.sh --client</c>) in its smoke mode: each real client
/// library against the server it is measured with passes every check (each call answered once with its own payload),
/// and reports calls/s, CPU and allocations. The checks can fail: a server that answers a call with the wrong payload,
/// or never answers it, fails the run.
/// </summary>
public sealed class ClientLoadSmokeTests(BenchBuildFixture bench) : IClassFixture<BenchBuildFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("typed", "typedhub")]
    [InlineData("signalr", "signalr")]
    [InlineData("typed", "socketio")]
    public async Task SmokeRunOfAClientLibraryAgainstItsServerPassesEveryCheck(string client, string server)
    {
        var (fileName, arguments) = server switch
        {
            "typedhub" => ("dotnet", new[] { bench.TypedSocketsServer, "--api", "typed" }),
            "signalr" => ("dotnet", [bench.SignalR]),
            _ => ("node", [Path.Combine(bench.NodeSocketIO, "server.js")]),
        };
        if (server == "socketio")
        {
            Assert.True(Directory.Exists(Path.Combine(bench.NodeSocketIO, "node_modules")),
                "bench/Peers/NodeSocketIO has no node_modules: run `npm ci --prefix bench/Peers/NodeSocketIO` (.ci/run does)");
        }

        var (peer, url) = await PeerProcess.StartAsync(fileName, arguments, bench.RepositoryRoot);
        await using (peer)
        {
            var result = await RunClientLoadAsync(client, server, url, [], expectSuccess: true);

            Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
            Assert.Equal(0, result.GetProperty("errorCount").GetInt32());
            var metrics = result.GetProperty("metrics");
            Assert.True(metrics.GetProperty("callsPerSecond").GetDouble() > 0, result.ToString());
            Assert.True(metrics.GetProperty("p99Microseconds").GetDouble() >= metrics.GetProperty("p50Microseconds").GetDouble(), result.ToString());
            // Every call allocates something (at least the answer's string), and the client process used some CPU.
            Assert.True(metrics.GetProperty("clientAllocatedBytesPerCall").GetDouble() > 0, result.ToString());
            Assert.True(metrics.GetProperty("clientCpuMicrosecondsPerCall").GetDouble() >= 0, result.ToString());
        }
    }

    [Theory]
    [InlineData("wrong", "was answered with")]
    [InlineData("drop", "never answered")]
    public async Task ServerThatAnswersWrongOrNotAtAllFailsTheRun(string fault, string reported)
    {
        await using var app = await StartFaultyEchoAsync(fault);
        var result = await RunClientLoadAsync("typed", "faulty", app.Urls.First(), ["--drain-seconds", "1"], expectSuccess: false);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains(result.GetProperty("errors").EnumerateArray(), error => error.GetString()!.Contains(reported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportWritesItsOwnSectionWithTheVerdictAgainstSignalR()
    {
        var directory = Directory.CreateTempSubdirectory("typedsockets-client-report-");
        try
        {
            var results = Path.Combine(directory.FullName, "client-results.jsonl");
            await File.WriteAllLinesAsync(results,
            [
                Line("typed", "typedhub", 1, 200_000, 5, 300),
                Line("signalr", "signalr", 1, 100_000, 10, 900),
                Line("typed", "typedhub", 2, 100_000, 7, 500),
                Line("signalr", "signalr", 2, 50_000, 12, 1100),
                Line("typed", "socketio", 1, 40_000, 9, 400),
            ]);
            var readme = Path.Combine(directory.FullName, "README.md");
            const string EndToEnd = "<!-- e2e-bench:begin -->\ne2e table\n<!-- e2e-bench:end -->\n";
            await File.WriteAllTextAsync(readme, $"# Benchmarks\n\n{EndToEnd}\n<!-- client-bench:begin -->\nold table\n<!-- client-bench:end -->\n\nkept below\n");

            var run = await ChildProcess.RunAsync("dotnet", [bench.ClientLoad, "report", "--in", results, "--readme", readme], RunTimeout, bench.RepositoryRoot);

            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var text = await File.ReadAllTextAsync(readme);
            Assert.StartsWith($"# Benchmarks\n\n{EndToEnd}\n<!-- client-bench:begin -->", text, StringComparison.Ordinal);
            Assert.EndsWith("<!-- client-bench:end -->\n\nkept below\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("old table", text, StringComparison.Ordinal);
            // Medians over the two rounds: 150,000 against 75,000 calls/s; 6 against 11 µs; 400 against 1,000 bytes.
            Assert.Contains("| calls/s | 150,000 | 75,000 | 40,000 | 2.00× |", text, StringComparison.Ordinal);
            Assert.Contains("| client CPU per call (µs) ↓ | 6.00 | 11.0 | 9.00 | 0.55× |", text, StringComparison.Ordinal);
            Assert.Contains("| client allocated bytes per call ↓ | 400 | 1,000 | 400 | 0.40× |", text, StringComparison.Ordinal);
            Assert.Contains("**Target: the typed client ahead of SignalR's .NET client, each against its own server: met**", text, StringComparison.Ordinal);

            // One metric behind SignalR's misses the target.
            await File.WriteAllLinesAsync(results, [Line("typed", "typedhub", 1, 200_000, 5, 2000), Line("signalr", "signalr", 1, 100_000, 10, 900)]);
            run = await ChildProcess.RunAsync("dotnet", [bench.ClientLoad, "report", "--in", results, "--readme", readme], RunTimeout, bench.RepositoryRoot);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            Assert.Contains("each against its own server: missed** (calls/s 2.00× SignalR's ✓; client CPU per call (µs) 0.50× SignalR's ✓; client allocated bytes per call 2.22× SignalR's ✗)",
                await File.ReadAllTextAsync(readme), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        static string Line(string client, string server, int round, double calls, double cpuPerCall, double bytesPerCall) =>
            $$"""{"client":"{{client}}","server":"{{server}}","round":{{round}},"ok":true,"errorCount":0,"errors":[],"parameters":{"connections":"1"},"metrics":{"callsPerSecond":{{calls}},"p50Microseconds":10,"p99Microseconds":20,"clientCpuMicrosecondsPerCall":{{cpuPerCall}},"clientAllocatedBytesPerCall":{{bytesPerCall}},"clientCpu":0.9,"serverCpu":0.5} }""";
    }

    private async Task<JsonElement> RunClientLoadAsync(string client, string server, string url, string[] options, bool expectSuccess)
    {
        var output = Path.Combine(Path.GetTempPath(), $"typedsockets-client-bench-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await ChildProcess.RunAsync("dotnet",
                [bench.ClientLoad, "run", "--client", client, "--server", server, "--url", url, "--out", output, "--smoke", .. options],
                RunTimeout, bench.RepositoryRoot);
            Assert.True((run.ExitCode == 0) == expectSuccess, $"client-load driver exit code {run.ExitCode}:\n{run.Output}{run.Error}");
            Assert.True(File.Exists(output), $"the client-load driver wrote no results:\n{run.Output}{run.Error}");
            var lines = File.ReadAllLines(output).Where(line => line.Length > 0).ToList();
            return JsonDocument.Parse(Assert.Single(lines)).RootElement.Clone();
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>
    /// A Socket.IO server whose <c>echo</c> answers the third call of every connection with another payload
    /// (<c>wrong</c>), or never answers it (<c>drop</c>); every other call is echoed.
    /// </summary>
    private static async Task<WebApplication> StartFaultyEchoAsync(string fault)
    {
        var builder = LoopbackApplication.CreateBuilder(new ListLoggerProvider());
        builder.Services.AddTypedSockets();
        var app = builder.Build();
        app.MapSocketIO().Of("/").OnConnection(socket =>
        {
            var calls = 0;
            socket.On("echo", e =>
            {
                if (Interlocked.Increment(ref calls) != 3)
                {
                    e.Ack(e.Arguments[0].Span);
                }
                else if (fault == "wrong")
                {
                    e.Ack("\"not the payload\""u8);
                }

                return ValueTask.CompletedTask;
            });
            return ValueTask.CompletedTask;
        });
        await app.StartAsync();
        return app;
    }
}
