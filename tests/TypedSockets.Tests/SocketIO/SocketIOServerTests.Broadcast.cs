using System.Collections.Concurrent;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task A_broadcast_is_encoded_once_and_allocates_nothing_per_recipient()
    {
        var server = NewServer();
        var connected = new ConcurrentQueue<Socket>();
        server.Of("/").OnConnection(socket =>
        {
            connected.Enqueue(socket);
            return ValueTask.CompletedTask;
        });
        var sessions = new SinkEngineSession[1000];
        for (var i = 0; i < sessions.Length; i++)
        {
            sessions[i] = new SinkEngineSession();
            await ((IEngineSessionHandler)server).OnOpenAsync(sessions[i]);
            await ((IEngineSessionHandler)server).OnMessageAsync(sessions[i], "0"u8.ToArray(), isBinary: false);
        }

        await WaitUntilAsync(() => connected.Count == sessions.Length);
        foreach (var socket in connected.Take(10))
        {
            socket.Join("few");
        }

        var few = server.Sockets.To("few");
        void EmitToFew() => few.Emit("tick", 7, static (w, n) => w.Json.WriteNumberValue(n));
        void EmitToAll() => server.Sockets.Emit("tick", 7, static (w, n) => w.Json.WriteNumberValue(n));

        // Warm up pools and JIT, then compare one emit to 10 recipients with one to 1,000.
        EmitToFew();
        EmitToAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        EmitToFew();
        var toFew = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        EmitToAll();
        var toAll = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(toAll - toFew <= 256, $"10 recipients: {toFew} B, 1,000 recipients: {toAll} B");
        Assert.Equal(10, sessions.Count(s => s.Received == 5));
        Assert.Equal(990, sessions.Count(s => s.Received == 3));
        var shared = sessions[0].Last;
        Assert.All(sessions, s => Assert.Same(shared, s.Last));
    }
}
