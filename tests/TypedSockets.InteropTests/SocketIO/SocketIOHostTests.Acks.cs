namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOHostTests
{
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Server_emit_with_ack_gets_the_clients_answer(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "serverAck", mode);

        Assert.Equal("because why?", result.Single("answer").GetProperty("answer").GetString());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Broadcast_with_ack_collects_the_answers_that_came_in_time(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "broadcastAck", mode);

        Assert.Equal("""{"recipients":3,"complete":false,"responses":["first","second"]}""", result.Single("poll").GetProperty("result").GetRawText());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Several_binary_arguments_travel_both_ways(string mode)
    {
        await using var host = await SocketIOTestHost.StartAsync();
        var result = await RunAsync(host, "binaries", mode);

        Assert.Equal("""[{"hex":"030405"},"between",{"hex":"0102"}]""", result.Single("binaries").GetProperty("answer").GetRawText());
    }
}
