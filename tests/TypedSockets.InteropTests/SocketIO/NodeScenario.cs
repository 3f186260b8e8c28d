using System.Text.Json;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// Runs a scenario script of tests/node with <c>node</c> and returns the JSON lines it printed. A scenario that
/// reports an error or exits non-zero fails the calling test with everything it printed.
/// </summary>
internal static class NodeScenario
{
    public static async Task<NodeScenarioResult> RunAsync(string script, params string[] arguments)
    {
        var run = await ChildProcess.RunAsync("node", [script, .. arguments], TimeSpan.FromSeconds(30), RepositoryPaths.NodePeers);
        var output = run.Output;
        var lines = new List<JsonElement>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        var failed = run.ExitCode != 0 || lines.Exists(l => l.TryGetProperty("error", out _));
        Assert.False(failed, $"node {script} {string.Join(' ', arguments)} exited {run.ExitCode}:\n{output}\n{run.Error}");
        Assert.True(lines.Count > 0 && lines[^1].GetProperty("kind").GetString() == "done", "scenario did not finish:\n" + output);
        return new NodeScenarioResult(lines);
    }
}
