using System.Text.Json;
using TypedSockets.Tests.Samples;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Bench;

/// <summary>
/// Builds the end-to-end benchmark projects (load generator, client-load driver, peers, bench/Server) once, in Release as
/// bench/run.sh does, and knows where everything is relative to the repository root.
/// </summary>
public sealed class BenchBuildFixture : IAsyncLifetime
{
    public string RepositoryRoot => RepositoryPaths.Root;

    public string LoadGenerator => Path.Combine(RepositoryRoot, "bench", "LoadGen", "bin", "Release", "net10.0", "LoadGen.dll");

    public string ClientLoad => Path.Combine(RepositoryRoot, "bench", "ClientLoad", "bin", "Release", "net10.0", "ClientLoad.dll");

    public string KestrelEcho => Path.Combine(RepositoryRoot, "bench", "Peers", "KestrelEcho", "bin", "Release", "net10.0", "KestrelEchoPeer.dll");

    public string SignalR => Path.Combine(RepositoryRoot, "bench", "Peers", "SignalR", "bin", "Release", "net10.0", "SignalRPeer.dll");

    public string TypedSocketsServer => Path.Combine(RepositoryRoot, "bench", "Server", "bin", "Release", "net10.0", "Server.dll");

    public string NodeSocketIO => Path.Combine(RepositoryRoot, "bench", "Peers", "NodeSocketIO");

    public async Task InitializeAsync()
    {
        var build = await ChildProcess.RunAsync("dotnet", ["build", Path.Combine("bench", "EndToEnd.slnf"), "-c", "Release", "-nologo", "-v", "quiet", "--disable-build-servers"],
            // The interop project builds these projects first, so this build is normally a quick up-to-date check;
            // the bound only stops a hung build, and a loaded 2-core machine needs minutes for even that check.
            TimeSpan.FromMinutes(10), RepositoryRoot);
        Assert.True(build.ExitCode == 0, $"building the benchmark projects failed:\n{build.Output}{build.Error}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs the load generator's <c>run</c> verb against a server and returns the result lines it wrote.</summary>
    public async Task<List<JsonElement>> RunLoadGeneratorAsync(string server, string protocol, string url, string[] options, bool expectSuccess)
    {
        var output = Path.Combine(Path.GetTempPath(), $"typedsockets-bench-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await ChildProcess.RunAsync("dotnet",
                [LoadGenerator, "run", "--server", server, "--protocol", protocol, "--url", url, "--out", output, .. options],
                TimeSpan.FromSeconds(60), RepositoryRoot);
            Assert.True((run.ExitCode == 0) == expectSuccess, $"load generator exit code {run.ExitCode}:\n{run.Output}{run.Error}");
            Assert.True(File.Exists(output), $"the load generator wrote no results:\n{run.Output}{run.Error}");
            return [.. File.ReadAllLines(output).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
        }
        finally
        {
            File.Delete(output);
        }
    }
}
