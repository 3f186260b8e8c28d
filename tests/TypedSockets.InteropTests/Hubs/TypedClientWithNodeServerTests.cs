using TypedSockets.Client;
using TypedSockets.Hubs;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.Hubs;

/// <summary>The generated typed C# client against a Node socket.io 4.8 server (tests/node/socketio-test-hub.mjs).</summary>
public sealed class TypedClientWithNodeServerTests
{
    [Fact]
    public async Task Typed_client_works_with_an_existing_socket_io_server()
    {
        await using var node = NodePeer.Start("socketio-test-hub.mjs");
        var server = new Uri($"http://127.0.0.1:{await node.ReadLineAsync()}/");
        var a = new RecordingReceiver();
        var b = new RecordingReceiver();
        var options = new SocketIOClientOptions
        {
            AuthJson = """{"token":"typed"}""",
            ReconnectionDelay = TimeSpan.FromMilliseconds(50),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(200),
            AckTimeout = TimeSpan.FromSeconds(5),
        };
        await using var first = await TestHubClient.ConnectAsync(server, a, options);
        await using var second = await TestHubClient.ConnectAsync(server, b, options);

        Assert.Equal(3, await first.Hub.Add(1, 2));
        Assert.Equal(new Receipt("ABC", 3), await first.Hub.Post(new Note("abc", 1)));
        Assert.Equal(new byte[] { 0, 1, 2, 0xfe, 0xff }, await first.Hub.Echo([0, 1, 2, 0xfe, 0xff]));
        Assert.Equal(first.Connection.Id + " /test", await first.Hub.WhoAmI());
        Assert.Equal("client said typed yes to ready?", await first.Hub.AskCaller("ready?"));
        Assert.Equal("node says no", (await Assert.ThrowsAsync<HubException>(() => first.Hub.Fail())).Message);
        Assert.True(await second.Hub.JoinRoom("blue"));
        await first.Hub.Shout("hello");
        await first.Hub.ToRoom("blue", "to blue");
        await RecordingReceiver.Until(() => b.Notices.Count == 1 && b.RoomMessages.Count == 1, "notice and room message");
        Assert.Equal(new Note("hello", 1), b.Notices.Single());
        Assert.Equal(("blue", "to blue"), b.RoomMessages.Single());
        await RecordingReceiver.Until(() => a.Welcomes.Count == 1, "welcome");

        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Connection.Connected += () => reconnected.TrySetResult();
        await first.Hub.Drop();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(7, await first.Hub.Add(3, 4));
    }
}
