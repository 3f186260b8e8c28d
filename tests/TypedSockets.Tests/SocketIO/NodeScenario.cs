using System.Diagnostics;
using System.Text.Json;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// Runs a scenario script of tests/node with <c>node</c> and returns the JSON lines it printed. A scenario that
/// reports an error or exits non-zero fails the calling test with everything it printed.
/// </summary>
internal static class NodeScenario
{
    public static async Task<NodeScenarioResult> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.NodePeers,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', arguments)} did not finish:\n{await stdout}\n{await stderr}");
        }

        var output = await stdout;
        var lines = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        var failed = process.ExitCode != 0 || lines.Exists(l => l.TryGetProperty("error", out _));
        Assert.False(failed, $"node {script} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}\n{await stderr}");
        Assert.True(lines.Count > 0 && lines[^1].GetProperty("kind").GetString() == "done", "scenario did not finish:\n" + output);
        return new NodeScenarioResult(lines);
    }
}
