using System.Text.Json;
using TypedSockets.Tests.Redis;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// The scale-out benchmark (<c>bench/run.sh --redis</c>) in smoke mode: each server as two nodes sharing a
/// redis-server of the test's own, the load generator's receivers spread over both and the publisher on the first,
/// so every tick a receiver on the second node counts has crossed Redis; nothing may be lost, repeated or reordered.
/// </summary>
public sealed class RedisClusterSmokeTests(BenchBuildFixture bench) : IClassFixture<BenchBuildFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("typedsockets")]
    [InlineData("signalr")]
    [InlineData("socketio")]
    public async Task BroadcastAcrossTwoNodesOverRedisPassesEveryCorrectnessCheck(string server)
    {
        var (protocol, fileName, arguments) = server switch
        {
            "typedsockets" => ("socketio", "dotnet", new[] { bench.TypedSocketsServer }),
            "signalr" => ("signalr", "dotnet", [bench.SignalR]),
            _ => ("socketio", "node", [Path.Combine(bench.NodeSocketIO, "server.js")]),
        };
        if (server == "socketio")
        {
            Assert.True(Directory.Exists(Path.Combine(bench.NodeSocketIO, "node_modules", "@socket.io", "redis-adapter")),
                "bench/Peers/NodeSocketIO lacks its packages: run `npm ci --prefix bench/Peers/NodeSocketIO` (.ci/run does)");
        }

        await using var redis = await RedisServerProcess.StartAsync();
        string[] node = [.. arguments, "--redis", redis.Configuration];
        var starting = new[]
        {
            PeerProcess.StartAsync(fileName, node, bench.RepositoryRoot),
            PeerProcess.StartAsync(fileName, node, bench.RepositoryRoot),
        };
        (PeerProcess Process, string Url)[] nodes;
        try
        {
            nodes = await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(task => task.IsCompletedSuccessfully))
            {
                await (await started).Process.DisposeAsync();
            }

            throw;
        }

        var (first, firstUrl) = nodes[0];
        var (second, secondUrl) = nodes[1];
        await using (first)
        await using (second)
        {
            var output = Path.Combine(Path.GetTempPath(), $"typedsockets-bench-redis-{Guid.NewGuid():N}.jsonl");
            try
            {
                var run = await ChildProcess.RunAsync("dotnet",
                    [bench.LoadGenerator, "run", "--server", server, "--protocol", protocol, "--url", $"{firstUrl},{secondUrl}",
                        "--backplane-port", redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "--out", output, "--smoke", "--scenarios", "broadcast"],
                    RunTimeout, bench.RepositoryRoot);
                Assert.True(run.ExitCode == 0, $"load generator exit code {run.ExitCode}:\n{run.Output}{run.Error}");

                var result = JsonDocument.Parse(Assert.Single(File.ReadAllLines(output), line => line.Length > 0)).RootElement;
                Assert.Equal("broadcast-10", result.GetProperty("scenario").GetString());
                Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
                Assert.Equal("2", result.GetProperty("parameters").GetProperty("nodes").GetString());
                Assert.True(result.GetProperty("metrics").GetProperty("deliveriesPerSecond").GetDouble() > 0, result.ToString());
                // The generator found redis-server's process and measured it.
                Assert.Equal(JsonValueKind.Number, result.GetProperty("backplaneCpu").ValueKind);
            }
            finally
            {
                File.Delete(output);
            }
        }
    }
}
