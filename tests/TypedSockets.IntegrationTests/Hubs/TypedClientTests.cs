using TypedSockets.Client;
using TypedSockets.Hubs;

namespace TypedSockets.Tests.Hubs;

/// <summary>The generated typed C# client (<see cref="TestHubClient"/>) against the generated hub, over real sockets.</summary>
public sealed class TypedClientTests
{
    private static SocketIOClientOptions Options() => new()
    {
        ReconnectionDelay = TimeSpan.FromMilliseconds(50),
        ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(5),
        AuthJson = """{"token":"typed"}""",
    };

    [Fact]
    public async Task Typed_calls_results_binary_and_client_results_round_trip()
    {
        await using var server = await HubTestServer.StartAsync();
        var receiver = new RecordingReceiver();
        await using var client = await TestHubClient.ConnectAsync(server.BaseUri, receiver, Options());

        Assert.Equal(3, await client.Hub.Add(1, 2));
        Assert.Equal(new Receipt("ABC", 3), await client.Hub.Post(new Note("abc", 1)));
        Assert.Equal(new byte[] { 0, 1, 255 }, await client.Hub.Echo([0, 1, 255]));
        Assert.Equal("client said typed yes to ready?", await client.Hub.AskCaller("ready?"));
        Assert.Equal(client.Connection.Id + " /test", await client.Hub.WhoAmI());
        Assert.Equal("""{"a":[1,2],"b":"c"}""", (await client.Hub.Relay(new RawJson("""{"a":[1,2],"b":"c"}"""u8.ToArray()))).ToString());
        await RecordingReceiver.Until(() => receiver.Welcomes.Contains(client.Connection.Id!), "welcome");
    }

    [Fact]
    public async Task Server_errors_surface_as_hub_exceptions_and_events_reach_receivers()
    {
        await using var server = await HubTestServer.StartAsync();
        var a = new RecordingReceiver();
        var b = new RecordingReceiver();
        await using var first = await TestHubClient.ConnectAsync(server.BaseUri, a, Options());
        await using var second = await TestHubClient.ConnectAsync(server.BaseUri, b, Options());

        var error = await Assert.ThrowsAsync<HubException>(() => first.Hub.Fail());
        Assert.Equal("An error occurred while handling 'fail'.", error.Message);
        Assert.True(await second.Hub.JoinRoom("blue"));
        await first.Hub.Shout("hello");
        await first.Hub.ToRoom("blue", "to blue");
        await RecordingReceiver.Until(() => b.Notices.Count == 1 && b.RoomMessages.Count == 1, "notice and room message");
        Assert.Equal(new Note("hello", 1), b.Notices.Single());
        Assert.Equal(("blue", "to blue"), b.RoomMessages.Single());
        Assert.Equal(42, await first.Hub.Add(40, 2));
        Assert.Empty(a.Notices);
    }

    [Fact]
    public async Task A_dropped_connection_is_reestablished_with_backoff()
    {
        await using var server = await HubTestServer.StartAsync();
        var receiver = new RecordingReceiver();
        await using var client = await TestHubClient.ConnectAsync(server.BaseUri, receiver, Options());
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reasons = new List<string>();
        client.Connection.Disconnected += reasons.Add;
        client.Connection.Connected += () => reconnected.TrySetResult();
        var firstId = client.Connection.Id;

        await client.Hub.Drop();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(["transport close"], reasons);
        Assert.NotEqual(firstId, client.Connection.Id);
        Assert.Equal(5, await client.Hub.Add(2, 3));
        Assert.Equal(2, server.Counter.Connections);
    }

    [Fact]
    public async Task Dispose_says_goodbye_and_does_not_reconnect()
    {
        await using var server = await HubTestServer.StartAsync();
        var client = await TestHubClient.ConnectAsync(server.BaseUri, new RecordingReceiver(), Options());
        var reconnects = 0;
        var disconnects = 0;
        client.Connection.Connected += () => Interlocked.Increment(ref reconnects);
        client.Connection.Disconnected += _ => Interlocked.Increment(ref disconnects);

        // Right after ConnectAsync the receive loop may not have started yet (a busy thread pool); disposing then must
        // still end the connection exactly once.
        await client.DisposeAsync();

        Assert.False(client.Connection.IsConnected);
        Assert.Equal(1, disconnects);

        Assert.Equal(TypedSockets.SocketIO.DisconnectReasons.ClientNamespaceDisconnect, await server.Counter.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await Quiet.AssertNothingArrivesWithin(() => Volatile.Read(ref reconnects) > 0 || server.Counter.Connections > 1, "a reconnect after dispose", TimeSpan.FromMilliseconds(300));
        Assert.Equal(0, reconnects);
        Assert.Equal(1, server.Counter.Connections);
        Assert.False(client.Connection.IsConnected);
    }
}
