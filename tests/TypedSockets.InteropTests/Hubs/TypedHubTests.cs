using TypedSockets.SocketIO;
using TypedSockets.Tests.SocketIO;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// The generated dispatch, client proxies and registration of <see cref="TestHub"/>, compiled into this assembly
/// by the generator and driven over real sockets by socket.io-client 4.8 (tests/node/hubs.mjs).
/// </summary>
public sealed class TypedHubTests
{
    [Fact]
    public async Task Calls_are_dispatched_with_typed_arguments_and_acked_with_results()
    {
        await using var server = await HubTestServer.StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "calls", server.BaseUrl);

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
        Assert.Equal(1, server.Counter.Connections);
    }

    [Fact]
    public async Task Wrong_arguments_get_an_error_ack_and_a_log_line_and_the_connection_stays_up()
    {
        await using var server = await HubTestServer.StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "errors", server.BaseUrl);

        Assert.Equal("argument 0 is not a 32-bit integer", result.Single("wrongType").GetProperty("result").GetProperty("error").GetString());
        Assert.Equal("expected 2 argument(s), got 1", result.Single("wrongCount").GetProperty("result").GetProperty("error").GetString());
        Assert.Equal("argument 0 must not be null", result.Single("nullObject").GetProperty("result").GetProperty("error").GetString());
        // In the contract's terms: which argument, what JSON was expected where; no .NET names, no line positions.
        Assert.Equal("argument 0 is not an object of the expected shape: $.text must be a string", result.Single("badObject").GetProperty("result").GetProperty("error").GetString());
        Assert.Equal("argument 0 is not an object of the expected shape", result.Single("notObject").GetProperty("result").GetProperty("error").GetString());
        var thrown = result.Single("throws").GetProperty("result").GetProperty("error").GetString();
        Assert.Equal("An error occurred while handling 'fail'.", thrown);
        var stillUp = result.Single("stillUp");
        Assert.Equal(42, stillUp.GetProperty("result").GetInt32());
        Assert.True(stillUp.GetProperty("connected").GetBoolean());
        Assert.Contains(server.Logs.Lines, l => l.EventId == 4001 && l.Message.Contains("add", StringComparison.Ordinal));

        // The log keeps the serializer's detail for the operator, (the SeedTour overflow test shows these lines carry no stack).
        Assert.Contains(server.Logs.Lines, l => l.EventId == 4001 && l.Message.Contains("$.text", StringComparison.Ordinal) && l.Message.Contains("LineNumber", StringComparison.Ordinal));
        Assert.Contains(server.Logs.Lines, l => l.EventId == 4002 && l.Message.Contains("fail", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_proxies_reach_others_rooms_and_the_hub_context()
    {
        await using var server = await HubTestServer.StartAsync();
        var result = await NodeScenario.RunAsync("hubs.mjs", "broadcast", server.BaseUrl);

        Assert.True(result.Single("joined").GetProperty("result").GetBoolean());
        var received = result.All("received").ToDictionary(r => r.GetProperty("client").GetString()!, r => r.GetProperty("events"));
        string[] EventsOf(string client) => [.. received[client].EnumerateArray().Select(e => e.GetProperty("event").GetString()!)];
        Assert.Equal(["notice", "room message"], EventsOf("b"));
        Assert.Equal(["notice"], EventsOf("c"));
        Assert.Empty(EventsOf("a"));
        var roomMessage = received["b"].EnumerateArray().Single(e => e.GetProperty("event").GetString() == "room message").GetProperty("args");
        Assert.Equal("red", roomMessage[0].GetString());
        Assert.Equal("only red", roomMessage[1].GetString());
        var notice = received["c"].EnumerateArray().Single(e => e.GetProperty("event").GetString() == "notice").GetProperty("args")[0];
        Assert.Equal("hi all", notice.GetProperty("text").GetString());
        Assert.Equal(200, result.Single("context").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_cancellation_token_parameter_is_cancelled_when_the_connection_ends()
    {
        await using var server = await HubTestServer.StartAsync();
        await NodeScenario.RunAsync("hubs.mjs", "disconnect", server.BaseUrl);

        var reason = await server.Counter.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, reason);
        Assert.DoesNotContain(server.Logs.Lines, l => l.EventId == 4002);
    }
}
