using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TypedSockets.Client;
using TypedSockets.SocketIO;
using TypedSockets.Testing.Client;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>
/// Both halves of connection state recovery together: the C# client against this server, its TCP connection killed
/// through a proxy while the server emits to its room, to everyone and to its id.
/// </summary>
public sealed class ClientRecoveryTests
{
    [Fact]
    public async Task The_client_gets_its_id_back_and_every_missed_event_once_in_order_without_the_offset()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SocketIOOptions();
        options.ConnectionStateRecovery.Enabled = true;
        var socketIO = new SocketIOServer(options, NullLoggerFactory.Instance, clock);
        var root = socketIO.Of("/");
        await using var server = await EngineTestServer.StartAsync(o => o.PingInterval = TimeSpan.FromHours(1), timeProvider: clock, handler: socketIO);
        await using var proxy = TcpProxy.Start(server.Port);

        var received = Channel.CreateUnbounded<string>();
        var clientOptions = new SocketIOClientOptions
        {
            Transports = SocketIOTransports.WebSocket,
            ReconnectionDelay = TimeSpan.FromMilliseconds(20),
            ReconnectionDelayMax = TimeSpan.FromMilliseconds(50),
            RandomizationFactor = 0,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        await using var client = new SocketIOClient(proxy.Uri, "/", clientOptions, e =>
        {
            // Name, argument count and first argument: the offset the server appends must not be among them.
            received.Writer.TryWrite($"{e.Name}/{e.Arguments.Count}/{Encoding.UTF8.GetString(e.Arguments[0].Span)}");
            return ValueTask.CompletedTask;
        });
        async Task<string> NextAsync() => await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await client.ConnectAsync();
        Assert.False(client.Recovered);
        var id = client.Id!;
        Assert.True(root.TryGetSocket(id, out var socket));
        socket!.Join("room");
        root.To("room").Emit("m", "\"before\""u8);
        Assert.Equal("m/1/\"before\"", await NextAsync());

        var reconnected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += () => reconnected.TrySetResult(client.Recovered);
        proxy.KillConnections();
        await Poll.UntilAsync(() => root.SocketCount == 0, "the server to see the connection die");
        root.To("room").Emit("m", "\"to the room\""u8);
        root.Emit("m", "\"to everyone\""u8);
        root.To("elsewhere").Emit("m", "\"not for it\""u8);
        root.To(id).Emit("m", "\"to its id\""u8);

        Assert.True(await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(client.Recovered);
        Assert.Equal(id, client.Id);
        Assert.Equal("m/1/\"to the room\"", await NextAsync());
        Assert.Equal("m/1/\"to everyone\"", await NextAsync());
        Assert.Equal("m/1/\"to its id\"", await NextAsync());

        // Still in its room, and nothing of the replay twice.
        root.To("room").Emit("m", "\"live\""u8);
        Assert.Equal("m/1/\"live\"", await NextAsync());
        Assert.False(received.Reader.TryRead(out var extra), extra);
    }
}
