using System.Text;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO.Recovery;

/// <summary>A session kept in the cluster (JSON) comes back as it was kept on another node; anything else is a refusal.</summary>
public sealed class RecoverySessionCodecTests
{
    [Fact]
    public void A_session_comes_back_with_its_id_rooms_offset_node_and_JSON_items()
    {
        var items = new System.Collections.Concurrent.ConcurrentDictionary<string, object?> { ["name"] = "ada", ["visits"] = 3, ["admin"] = true, ["none"] = null, ["lost"] = new object() };
        var bytes = RecoverySessionCodec.Encode("sid1", ["sid1", "r1"], items, 42, "nodeA");

        var session = RecoverySessionCodec.Decode("pid1", bytes, 7);

        Assert.NotNull(session);
        Assert.Equal("pid1", session.Pid);
        Assert.Equal("sid1", session.Sid);
        Assert.Equal(["sid1", "r1"], session.Rooms);
        Assert.Equal(42, session.LastOffsetAtConnect);
        Assert.Equal("nodeA", session.Node);
        Assert.Equal(7, session.DisconnectedAt);
        Assert.Equal("ada", session.Items!["name"]);
        Assert.Equal(3L, session.Items["visits"]);
        Assert.Equal(true, session.Items["admin"]);
        Assert.Null(session.Items["none"]);
        Assert.False(session.Items.ContainsKey("lost"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"sid":"a","rooms":"r1","offset":1}""")]
    [InlineData("""{"sid":"a","rooms":[],"offset":"x"}""")]
    public void Anything_else_is_no_session(string stored) =>
        Assert.Null(RecoverySessionCodec.Decode("pid", Encoding.UTF8.GetBytes(stored), 0));
}
