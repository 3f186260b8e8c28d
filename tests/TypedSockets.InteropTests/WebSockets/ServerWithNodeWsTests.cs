using System.Text.Json;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Our server role against the npm <c>ws</c> client run with node.</summary>
public sealed class ServerWithNodeWsTests(EchoHost host) : IClassFixture<EchoHost>
{
    public static TheoryData<int> CloseCodes => Payloads.CloseCodeData();

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Node_ws_client_gets_every_message_back_its_pong_and_its_close(int closeCode)
    {
        await using var node = NodePeer.Start("ws-client-scenario.mjs", host.WebSocketUri("/echo").ToString(), closeCode.ToString());
        var (exitCode, output) = await node.WaitForExitAsync();
        Assert.True(exitCode == 0, output);
        using var results = JsonDocument.Parse(output);
        var root = results.RootElement;
        var echoes = root.GetProperty("echoes").EnumerateArray().ToList();
        Assert.Equal(Payloads.Sizes.Length * 2, echoes.Count);
        Assert.All(echoes, echo => Assert.True(echo.GetProperty("ok").GetBoolean(), echo.ToString()));
        Assert.True(root.GetProperty("fragmented").GetBoolean());
        Assert.Equal("are you there", root.GetProperty("pong").GetString());
        Assert.Equal(closeCode, root.GetProperty("closeCode").GetInt32());
    }
}
