using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Benchmarks.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>The broadcast benchmarks' setup: a Socket.IO server over in-memory WebSockets with a room of connected sessions.</summary>
internal static class InMemoryRoom
{
    public const string Name = "bench";

    /// <summary>Opens <paramref name="recipients"/> sessions, connects each to the main namespace and waits until all joined the room.</summary>
    public static async Task<(InMemoryEngine Engine, BroadcastOperator Room)> OpenAsync(int recipients)
    {
        var server = new SocketIOServer(new SocketIOOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        var root = server.Of("/");
        root.OnConnection(static socket =>
        {
            socket.Join(Name);
            return ValueTask.CompletedTask;
        });
        var engine = new InMemoryEngine(server);
        for (var i = 0; i < recipients; i++)
        {
            var (session, _) = await engine.OpenAsync([]);
            await session.DeliverAsync("0"u8.ToArray(), isBinary: false);
        }

        while (root.RoomCount(Name) < recipients)
        {
            await Task.Delay(10);
        }

        // Let the connect packets' writes settle before the caller measures bytes per emit.
        await Task.Delay(100);
        return (engine, root.To(Name));
    }
}
