using System.Text.RegularExpressions;
using TypedSockets.Testing;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Samples;

/// <summary>A sample of samples/ running as its own process on a free port of 127.0.0.1, with its output captured.</summary>
internal sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private SampleProcess(RunningProcess process)
    {
        _process = process;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Everything the server wrote so far (its log lines).</summary>
    public string Output => _process.Output;

    /// <summary>False once the process ended (by itself or killed).</summary>
    public bool IsRunning => _process.IsRunning;

    /// <summary>Starts samples/<paramref name="name"/> (built with the tests) with <paramref name="arguments"/> after its address.</summary>
    public static async Task<SampleProcess> StartAsync(string name, params string[] arguments)
    {
        // TYPEDSOCKETS_SEEDTOUR_EXE runs another build of SeedTour (the Native AOT binary in .ci/run) under the same tests.
        var executable = name == "SeedTour" ? Environment.GetEnvironmentVariable("TYPEDSOCKETS_SEEDTOUR_EXE") : null;
        List<string> commandLine = ["--urls", "http://127.0.0.1:0", .. arguments];
        if (string.IsNullOrEmpty(executable))
        {
            commandLine.Insert(0, RepositoryPaths.SampleDll(name));
        }

        var server = new SampleProcess(RunningProcess.Start(
            string.IsNullOrEmpty(executable) ? "dotnet" : executable,
            commandLine,
            Path.Combine(RepositoryPaths.Root, "samples", name),
            new Dictionary<string, string>
            {
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__LogLevel__Default"] = "Information",
            }));
        try
        {
            var line = await server._process.WaitForLineAsync(ListeningLine().IsMatch, "its address", TimeSpan.FromSeconds(20));
            server.BaseUrl = ListeningLine().Match(line).Groups[1].Value;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits until the server's output contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text) => _process.WaitForOutputAsync(text, TimeSpan.FromSeconds(5));

    /// <summary>Waits until the server's output contains <paramref name="text"/> <paramref name="times"/> times.</summary>
    public Task WaitForOutputAsync(string text, int times, TimeSpan timeout) => _process.WaitForOutputAsync(text, timeout, times);

    /// <summary>Waits until the server writes a line that <paramref name="match"/>es (<paramref name="what"/> names it in a failure).</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, string what) => _process.WaitForLineAsync(match, what, TimeSpan.FromSeconds(10));

    /// <summary>Kills it (a cluster test kills one node itself, before the cluster disposes every node).</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"Now listening on: (https?://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
