using TypedSockets.Client;
using TypedSockets.Testing.Client;

namespace TypedSockets.Tests.Client;

/// <summary>
/// The C# client's connection state recovery against the reference, a Node socket.io 4.8 server with
/// <c>connectionStateRecovery</c> (tests/node/client-recovery.mjs): the transport drops mid-stream, the server emits to
/// the client's room meanwhile, and the reconnection restores the session.
/// </summary>
public sealed class ClientRecoveryTests
{
    [Fact]
    public async Task A_dropped_engine_is_recovered_with_the_same_id_rooms_and_every_missed_event_once_in_order()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        var ticks = new TickRecorder();
        var restored = 0;
        var options = NodeRecoveryServer.Options();
        options.RestoreState = (_, _) =>
        {
            Interlocked.Increment(ref restored);
            return Task.CompletedTask;
        };
        await using var client = new SocketIOClient(server.Uri, "/", options, ticks.OnEvent);
        var reconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.ConnectAsync();
        Assert.False(client.Recovered);
        var id = client.Id;
        await NodeRecoveryServer.Emit(client, "join", "blue");
        await NodeRecoveryServer.Burst(client, "burst", "blue", 1, 3);
        await ticks.UntilTicks(3);
        client.Connected += () => reconnected.TrySetResult(client.Recovered);

        // The server closes the engine, and once it saw the socket leave emits 4..8 to the room.
        await client.EmitAsync("dropThenBurst", ("blue", 4, 8), static (w, s) =>
        {
            w.Json.WriteStringValue(s.Item1);
            w.Json.WriteNumberValue(s.Item2);
            w.Json.WriteNumberValue(s.Item3);
        });

        Assert.True(await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(client.Recovered);
        Assert.Equal(id, client.Id);
        await ticks.UntilTicks(8);

        // The room survived: a tick to it after the recovery arrives too.
        await NodeRecoveryServer.Burst(client, "burst", "blue", 9, 9);
        await ticks.UntilTicks(9);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], ticks.Ticks);

        // Handlers see what the server's code emitted: the number and its string, never the offset appended after them.
        Assert.All(ticks.Events.Where(static e => e.Name == "tick"), e => Assert.Equal(["" + e.Arguments[0], $"\"t{e.Arguments[0]}\""], e.Arguments));
        Assert.All(ticks.Events.Where(static e => e.Name == "hello"), e => Assert.Single(e.Arguments));
        Assert.Equal(0, Volatile.Read(ref restored));
    }

    [Fact]
    public async Task A_killed_tcp_connection_is_recovered_too()
    {
        await using var server = await NodeRecoveryServer.StartAsync();
        await using var proxy = TcpProxy.Start(server.Port);
        var ticks = new TickRecorder();
        var options = NodeRecoveryServer.Options();
        options.Transports = SocketIOTransports.WebSocket;
        await using var client = new SocketIOClient(proxy.Uri, "/", options, ticks.OnEvent);
        var reconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.ConnectAsync();
        var id = client.Id;
        await NodeRecoveryServer.Emit(client, "join", "red");
        await NodeRecoveryServer.Burst(client, "burst", "red", 1, 2);
        await NodeRecoveryServer.Burst(client, "burstOnDisconnect", "red", 3, 6);
        await ticks.UntilTicks(2);
        client.Connected += () => reconnected.TrySetResult(client.Recovered);

        proxy.KillConnections();

        Assert.True(await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(id, client.Id);
        await NodeRecoveryServer.Burst(client, "burst", "red", 7, 7);
        await ticks.UntilTicks(7);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ticks.Ticks);
    }

    [Fact]
    public async Task An_expired_session_is_not_recovered_and_the_restore_hook_re_joins_the_room()
    {
        // A 1 ms window: any reconnection comes too late.
        await using var server = await NodeRecoveryServer.StartAsync(windowMs: 1);
        var ticks = new TickRecorder();
        var restored = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = NodeRecoveryServer.Options();
        options.RestoreState = async (connection, _) =>
        {
            await NodeRecoveryServer.Emit(connection, "join", "green");
            restored.TrySetResult(connection.Recovered);
        };
        await using var client = new SocketIOClient(server.Uri, "/", options, ticks.OnEvent);
        await client.ConnectAsync();
        var id = client.Id;
        await NodeRecoveryServer.Emit(client, "join", "green");
        await NodeRecoveryServer.Burst(client, "burst", "green", 1, 1);
        await ticks.UntilTicks(1);

        await client.EmitAsync("drop", 0, static (_, _) => { });

        Assert.False(await restored.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(client.Recovered);
        Assert.NotEqual(id, client.Id);
        await NodeRecoveryServer.Burst(client, "burst", "green", 2, 2);
        await ticks.UntilTicks(2);
        Assert.Equal([1, 2], ticks.Ticks);
    }
}
