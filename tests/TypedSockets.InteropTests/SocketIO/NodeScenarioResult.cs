using System.Text.Json;

namespace TypedSockets.Tests.SocketIO;

/// <summary>The JSON lines a node scenario printed, looked up by their <c>kind</c>.</summary>
internal sealed class NodeScenarioResult
{
    private readonly List<JsonElement> _lines;

    public NodeScenarioResult(List<JsonElement> lines)
    {
        _lines = lines;
    }

    /// <summary>The only line of <paramref name="kind"/>.</summary>
    public JsonElement Single(string kind) => Assert.Single(All(kind));

    public List<JsonElement> All(string kind) => _lines.FindAll(l => l.GetProperty("kind").GetString() == kind);
}
