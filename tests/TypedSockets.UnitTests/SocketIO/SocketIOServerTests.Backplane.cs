using System.Text;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SocketIOServerTests
{
    [Fact]
    public async Task A_packet_from_the_backplane_is_framed_once_and_allocates_nothing_per_recipient()
    {
        var server = NewServer();
        var sessions = await ConnectSinkSessionsAsync(server, count: 1000, room: "few", roomSize: 10);

        // The bytes another node encoded, as a backplane receives them and hands them to the server it serves.
        var host = new BackplaneHost(server);
        var packet = """2["tick",7]"""u8.ToArray();
        string[] few = ["few"];
        void DeliverToFew() => host.Deliver(server.Sockets, packet, [], few, null);
        void DeliverToAll() => host.Deliver(server.Sockets, packet, [], null, null);

        DeliverToFew();
        DeliverToAll();
        var toFew = BytesAllocatedBy(DeliverToFew);
        var toAll = BytesAllocatedBy(DeliverToAll);

        Assert.True(toAll - toFew <= 256, $"10 recipients: {toFew} B, 1,000 recipients: {toAll} B");
        var shared = sessions[0].Last!;
        Assert.All(sessions, s => Assert.Same(shared, s.Last));
        Assert.Equal("""2["tick",7]""", Encoding.UTF8.GetString(shared.Payload.Span));
    }

    [Fact]
    public async Task A_packet_from_the_backplane_that_asks_for_acks_gets_an_ack_id_of_this_node()
    {
        var server = NewServer();
        var admin = server.Of("/admin");
        var session = new TestEngineSession();
        session.Handler = ((IEngineSessionAcceptor)server).OnOpen(session);
        var socketId = await ConnectAsync(server, session, "/admin");

        // Ack id 41 is the sending node's; this node numbers its own from 0.
        var collected = new BackplaneHost(server).DeliverWithAckAsync(admin, """2/admin,41["question",1]"""u8, [], null, null, TimeSpan.FromSeconds(5));
        var sent = await session.NextAsync();
        Assert.Equal("""2/admin,0["question",1]""", sent);

        await SendAsync(server, session, """3/admin,0["yes"]""");
        var result = await collected;
        Assert.True(result.IsComplete);
        Assert.Equal(socketId, Assert.Single(result.Responses).SocketId);
        Assert.Equal("\"yes\"", Encoding.UTF8.GetString(result.Responses[0].Arguments[0].Span));
    }
}
