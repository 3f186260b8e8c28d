using System.Text;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Tests.SocketIO;

public sealed class SocketIOPacketWriterTests
{
    [Fact]
    public void Writes_events_in_the_main_and_a_custom_namespace()
    {
        AssertText("2[\"hey\",\"Jude\"]", SocketIOPacketWriter.WriteEvent([], -1, "hey", 0, static (w, _) => w.Json.WriteStringValue("Jude")));
        AssertText("2/admin,[\"bar\"]", SocketIOPacketWriter.WriteEvent("/admin,"u8, -1, "bar", 0, static (_, _) => { }));
        AssertText("2/admin,13[\"stats\",{\"numClients\":2}]", SocketIOPacketWriter.WriteEvent("/admin,"u8, 13, "stats", """{"numClients":2}"""u8, static (w, json) => w.WriteJson(json)));
    }

    [Fact]
    public void Writes_acks_with_their_id()
    {
        AssertText("312[]", SocketIOPacketWriter.WriteAck([], 12, 0, static (_, _) => { }));
        AssertText("3/admin,0[3]", SocketIOPacketWriter.WriteAck("/admin,"u8, 0, 3, static (w, n) => w.Json.WriteNumberValue(n)));
    }

    [Fact]
    public void Keeps_non_ascii_text_unescaped()
    {
        AssertText("2[\"ünï\",\"日本\"]", SocketIOPacketWriter.WriteEvent([], -1, "ünï", 0, static (w, _) => w.Json.WriteStringValue("日本")));
    }

    [Fact]
    public void Writes_binary_arguments_as_placeholders_followed_by_attachments()
    {
        var packet = SocketIOPacketWriter.WriteAck("/admin,"u8, 1, 0, static (w, _) =>
        {
            w.WriteBinary(new byte[] { 1, 2 });
            w.Json.WriteStringValue("between");
            w.WriteBinary(new byte[] { 3, 4, 5 });
        });
        try
        {
            Assert.Equal(
                "62-/admin,1[{\"_placeholder\":true,\"num\":0},\"between\",{\"_placeholder\":true,\"num\":1}]",
                Encoding.UTF8.GetString(packet.Text.Payload.Span));
            Assert.NotNull(packet.Attachments);
            Assert.Equal(2, packet.Attachments.Length);
            Assert.True(packet.Attachments[0].IsBinary);
            Assert.Equal([1, 2], packet.Attachments[0].Packet.ToArray());
            Assert.Equal([3, 4, 5], packet.Attachments[1].Packet.ToArray());
        }
        finally
        {
            packet.Release();
        }
    }

    [Fact]
    public void Writes_connect_connect_error_and_disconnect()
    {
        AssertMessage("0{\"sid\":\"abc\"}", SocketIOPacketWriter.WriteConnect([], "abc"));
        AssertMessage("0/admin,{\"sid\":\"abc\"}", SocketIOPacketWriter.WriteConnect("/admin,"u8, "abc"));
        AssertMessage("4/nope,{\"message\":\"Invalid namespace\"}", SocketIOPacketWriter.WriteConnectError("/nope,"u8, "Invalid namespace", default));
        AssertMessage("4{\"message\":\"Not authorized\",\"data\":{\"code\":7}}", SocketIOPacketWriter.WriteConnectError([], "Not authorized", """{"code":7}"""u8));
        AssertMessage("1/admin,", SocketIOPacketWriter.WriteDisconnect("/admin,"u8));
    }

    [Fact]
    public void A_failing_argument_writer_leaves_the_next_packet_intact()
    {
        Assert.ThrowsAny<Exception>(() => SocketIOPacketWriter.WriteEvent([], -1, "x", 0, static (w, _) => w.WriteJson("{not json"u8)));
        AssertText("2[\"y\",1]", SocketIOPacketWriter.WriteEvent([], -1, "y", 1, static (w, n) => w.Json.WriteNumberValue(n)));
    }

    [Fact]
    public void The_engine_packet_and_websocket_frame_carry_the_message_type()
    {
        var packet = SocketIOPacketWriter.WriteEvent([], -1, "a", 0, static (_, _) => { });
        try
        {
            Assert.Equal("42[\"a\"]", Encoding.UTF8.GetString(packet.Text.Packet.Span));
            Assert.Equal([0x81, 7], packet.Text.WebSocketFrame.Span[..2].ToArray());
        }
        finally
        {
            packet.Release();
        }
    }

    private static void AssertText(string expected, OutgoingPacket packet)
    {
        try
        {
            Assert.Null(packet.Attachments);
            Assert.Equal(expected, Encoding.UTF8.GetString(packet.Text.Payload.Span));
        }
        finally
        {
            packet.Release();
        }
    }

    private static void AssertMessage(string expected, EngineMessage message)
    {
        try
        {
            Assert.False(message.IsBinary);
            Assert.Equal(expected, Encoding.UTF8.GetString(message.Payload.Span));
        }
        finally
        {
            message.Release();
        }
    }
}
