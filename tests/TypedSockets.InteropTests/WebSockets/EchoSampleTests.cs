using System.Text.Json;
using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.WebSockets;

/// <summary>The contract of samples/Echo (docs/samples.md): run as its own process, driven by the npm ws client.</summary>
public sealed class EchoSampleTests
{
    [Fact]
    public async Task The_sample_echoes_every_message_at_slash_echo()
    {
        await using var sample = await SampleProcess.StartAsync("Echo");
        var url = new Uri(sample.BaseUrl);
        await using var node = NodePeer.Start("ws-client-scenario.mjs", $"ws://127.0.0.1:{url.Port}/echo", "1000");
        var (exitCode, output) = await node.WaitForExitAsync();
        Assert.True(exitCode == 0, output);
        using var results = JsonDocument.Parse(output);
        Assert.All(results.RootElement.GetProperty("echoes").EnumerateArray(), echo => Assert.True(echo.GetProperty("ok").GetBoolean()));
        Assert.True(results.RootElement.GetProperty("fragmented").GetBoolean());
        Assert.Equal(1000, results.RootElement.GetProperty("closeCode").GetInt32());
    }
}
