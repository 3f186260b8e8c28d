using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task A_broadcast_is_encoded_once_and_allocates_nothing_per_recipient()
    {
        var server = NewServer();
        var sessions = await ConnectSinkSessionsAsync(server, count: 1000, room: "few", roomSize: 10);

        var few = server.Sockets.To("few");
        void EmitToFew() => few.Emit("tick", 7, static (w, n) => w.Json.WriteNumberValue(n));
        void EmitToAll() => server.Sockets.Emit("tick", 7, static (w, n) => w.Json.WriteNumberValue(n));

        // Warm up pools and JIT, then compare one emit to 10 recipients with one to 1,000.
        EmitToFew();
        EmitToAll();
        var toFew = BytesAllocatedBy(EmitToFew);
        var toAll = BytesAllocatedBy(EmitToAll);

        Assert.True(toAll - toFew <= 256, $"10 recipients: {toFew} B, 1,000 recipients: {toAll} B");
        Assert.Equal(10, sessions.Count(s => s.Received == 13));
        Assert.Equal(990, sessions.Count(s => s.Received == 7));
        var shared = sessions[0].Last;
        Assert.All(sessions, s => Assert.Same(shared, s.Last));
    }
}
