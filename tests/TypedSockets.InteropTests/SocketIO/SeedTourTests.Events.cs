using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Fact]
    public async Task A_sum_that_overflows_gets_an_error_ack_and_only_a_few_warnings_without_a_stack()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "overflow", "websocket");

        Assert.Equal("An error occurred while handling 'add'.", result.Single("overflow").GetProperty("answer").GetProperty("error").GetString());
        var stillUp = result.Single("stillUp");
        Assert.Equal(42, stillUp.GetProperty("sum").GetDouble());
        Assert.True(stillUp.GetProperty("connected").GetBoolean());

        // 31 failures: the log throttle lets 10 through per 10 s window (two windows at most here), no error line and no stack trace.
        // The console logger writes asynchronously: wait for the 10 lines, then make sure no more follow.
        await server.WaitForOutputAsync("TypedSockets.Hubs[4004]", 10, TimeSpan.FromSeconds(10));
        await Quiet.AssertNothingArrivesWithin(() => server.Output.Split("TypedSockets.Hubs[4004]").Length - 1 > 20, "more than two windows of warnings", TimeSpan.FromMilliseconds(500));
        var output = server.Output;
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Event_is_logged_and_acked_with_the_message_when_asked(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "event", mode);

        Assert.Equal("""{"received":"héllo ☃"}""", result.Single("ack").GetProperty("answer").GetRawText());
        await server.WaitForOutputAsync("A client sent us this dumb message: no ack wanted");
        await server.WaitForOutputAsync("A client sent us this dumb message: héllo ☃");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Add_acks_the_sum(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "add", mode);

        var sums = result.All("sum");
        Assert.Equal(2, sums.Count);
        Assert.Equal(3, sums[0].GetProperty("sum").GetDouble());
        Assert.Equal(1.5, sums[1].GetProperty("sum").GetDouble());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EchoBinary_acks_the_same_bytes_as_an_attachment(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "binary", mode);

        var echo = result.Single("echo");
        Assert.True(echo.GetProperty("isBuffer").GetBoolean());
        Assert.Equal("000102feff", echo.GetProperty("hex").GetString());
        var large = result.Single("echoLarge");
        Assert.Equal(100_000, large.GetProperty("length").GetInt32());
        Assert.True(large.GetProperty("same").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Acks_of_one_client_come_back_in_the_order_it_sent(string mode)
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        var result = await RunAsync(server, "ordering", mode);

        var acks = result.Single("order").GetProperty("acks").EnumerateArray().Select(a => a.GetInt32());
        Assert.Equal(Enumerable.Range(0, 200), acks);
    }
}
