using TypedSockets.Client;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>
/// Client results from several recipients with <see cref="HubClients{TClient}.WithTimeout"/>, between the generated
/// hub and generated typed clients over real sockets: one client answers at once, one only after the timeout.
/// </summary>
public sealed class ClientResultTimeoutTests
{
    // Bounds each call well below HubOptions.ClientResultTimeout (30 s): a call that ignored WithTimeout fails here.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // The slow client answers only once the test is over (released before the clients are disposed, whose dispatch
    // loop waits for the answer): its answers always come too late, whatever the timeouts.
    private readonly TaskCompletionSource _slowAnswers = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task<TestHubClient> JoinAsync(HubTestServer server, string room, Task answerWhen)
    {
        var options = new SocketIOClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5), AckTimeout = TimeSpan.FromSeconds(5) };
        var client = await TestHubClient.ConnectAsync(server.BaseUri, new RecordingReceiver { AnswerWhen = answerWhen }, options);
        Assert.True(await client.Hub.JoinRoom(room));
        return client;
    }

    [Fact]
    public async Task A_timed_client_result_from_a_room_returns_the_first_answer_and_times_out_when_none_comes()
    {
        await using var server = await HubTestServer.StartAsync();
        await using var answering = await JoinAsync(server, "red", Task.CompletedTask);
        await using var slow = await JoinAsync(server, "red", _slowAnswers.Task);
        try
        {
            await AssertTimedRoomCallsAsync(server, answering);
        }
        finally
        {
            _slowAnswers.TrySetResult();
        }
    }

    private static async Task AssertTimedRoomCallsAsync(HubTestServer server, TestHubClient answering)
    {
        var clients = server.HubContext.Clients.WithTimeout(TimeSpan.FromMilliseconds(300));

        Assert.Equal("typed yes to ready?", await clients.Room("red").Question("ready?").WaitAsync(Bound));

        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => clients.Except(answering.Connection.Id!).Question("anyone?").WaitAsync(Bound));
        Assert.Equal("None of the 1 client(s) that received 'question' answered within 300 ms.", timedOut.Message);
        var nobody = await Assert.ThrowsAsync<InvalidOperationException>(() => clients.Room("empty").Question("anyone?").WaitAsync(Bound));
        Assert.Equal("No client received 'question', so none can answer it.", nobody.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => server.HubContext.Clients.WithTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => server.HubContext.Clients.WithTimeout(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public async Task A_hub_method_asks_the_others_in_a_room_with_its_own_timeout()
    {
        await using var server = await HubTestServer.StartAsync();
        await using var slow = await JoinAsync(server, "blue", _slowAnswers.Task);
        await using var asking = await JoinAsync(server, "blue", Task.CompletedTask);
        try
        {
            // Only the slow client is among the others: the hub method's call times out and the caller gets an error.
            var error = await Assert.ThrowsAsync<HubException>(() => asking.Hub.AskRoom("blue", "ready?").WaitAsync(Bound));
            Assert.Equal("An error occurred while handling 'askRoom'.", error.Message);

            await using var answering = await JoinAsync(server, "blue", Task.CompletedTask);
            Assert.Equal("first answer: typed yes to ready?", await asking.Hub.AskRoom("blue", "ready?").WaitAsync(Bound));
        }
        finally
        {
            _slowAnswers.TrySetResult();
        }
    }
}
