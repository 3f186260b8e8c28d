using System.Text.Json;

namespace TypedSockets.Tests.EngineIO;

/// <summary>Reads an Engine.IO open packet (<c>0{"sid":…}</c>) as a test receives it.</summary>
internal static class EngineOpenPacket
{
    /// <summary>The session id the open packet announces.</summary>
    public static string SidOf(string openPacket)
    {
        Assert.StartsWith("0{", openPacket, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(openPacket.AsMemory(1));
        return json.RootElement.GetProperty("sid").GetString()!;
    }
}
