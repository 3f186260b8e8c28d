using TypedSockets.Hubs;
using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// A server with <see cref="SocketIOParser.MessagePack"/> played by socket.io-client 4.8 with
/// socket.io-msgpack-parser 3.0 (tests/node/hubs.mjs, third argument <c>msgpack</c>): the typed <see cref="TestHub"/>
/// on the custom namespace <c>/test</c>, events and acks both ways, binary both ways, broadcasts; over WebSocket and
/// over long polling (binary messages as base64 there).
/// </summary>
public sealed class MessagePackParserTests
{
    private static Task<HubTestServer> StartAsync() =>
        HubTestServer.StartAsync(options => options.SocketIO.Parser = SocketIOParser.MessagePack);

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Typed_hub_calls_acks_and_binary_travel_as_msgpack(string transport)
    {
        await using var server = await StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "calls", server.BaseUrl, "msgpack", transport);

        var welcome = result.Single("welcome");
        var id = welcome.GetProperty("id").GetString();
        Assert.Equal(id, welcome.GetProperty("args")[0].GetString());
        Assert.Equal("abc", welcome.GetProperty("args")[1].GetProperty("token").GetString());
        Assert.Equal(3, result.Single("add").GetProperty("result").GetInt32());
        var receipt = result.Single("post").GetProperty("result");
        Assert.Equal("HÉLLO", receipt.GetProperty("text").GetString());
        Assert.Equal(5, receipt.GetProperty("length").GetInt32());
        Assert.Equal($"{id} /test", result.Single("whoAmI").GetProperty("result").GetString());
        Assert.Equal("""{"nested":[1,"two",{"three":null}],"é":true}""", result.Single("relay").GetProperty("result").GetRawText());
        var echo = result.Single("echo");
        Assert.True(echo.GetProperty("isBuffer").GetBoolean());
        Assert.Equal("000102feff", echo.GetProperty("hex").GetString());
        Assert.Equal("client said yes to ready?", result.Single("askCaller").GetProperty("result").GetString());
    }

    [Fact]
    public async Task Broadcasts_to_all_and_to_rooms_reach_msgpack_clients()
    {
        await using var server = await StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "broadcast", server.BaseUrl, "msgpack");

        var received = result.All("received").ToDictionary(r => r.GetProperty("client").GetString()!, r => r.GetProperty("events"));
        string[] EventsOf(string client) => [.. received[client].EnumerateArray().Select(e => e.GetProperty("event").GetString()!)];
        Assert.Equal(["notice", "room message"], EventsOf("b"));
        Assert.Equal(["notice"], EventsOf("c"));
        Assert.Empty(EventsOf("a"));
        var notice = received["c"].EnumerateArray().Single().GetProperty("args")[0];
        Assert.Equal("hi all", notice.GetProperty("text").GetString());
        Assert.Equal(200, result.Single("context").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_client_with_the_default_parser_is_refused_and_others_carry_on()
    {
        await using var server = await StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "otherParser", server.BaseUrl, "msgpack");

        var refused = result.Single("refused");
        Assert.False(refused.GetProperty("connected").GetBoolean());
        Assert.NotEqual("connected", refused.GetProperty("outcome").GetString());
        Assert.Equal(42, result.Single("stillUp").GetProperty("result").GetInt32());
        Assert.Contains(server.Logs.Lines, l => l.Message.Contains("msgpack parser", StringComparison.Ordinal));
    }
}
