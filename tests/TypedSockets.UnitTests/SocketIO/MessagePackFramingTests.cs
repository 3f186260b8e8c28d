using System.Buffers;
using System.Text;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Tests.SocketIO;

/// <summary>
/// The msgpack parser at the connection boundary: a text packet with attachments becomes one binary message and a
/// client's binary message becomes the text packet and attachments again; what socket.io-msgpack-parser refuses is refused.
/// </summary>
public sealed class MessagePackFramingTests
{
    [Fact]
    public void A_binary_event_with_an_ack_id_becomes_one_message_and_decodes_back()
    {
        var packet = new OutgoingPacket(Message("51-/chat,7[\"up\",{\"_placeholder\":true,\"num\":0}]", false), [Message([1, 2, 3], true)]);
        var binary = MessagePackFraming.ToBinary(packet);
        try
        {
            Assert.True(binary.Text.IsBinary);
            Assert.Null(binary.Attachments);

            // notepack's bytes for {type: 2, data: ["up", <Buffer 01 02 03>], nsp: "/chat", id: 7}.
            Assert.Equal(
                "84a474797065" + "02" + "a464617461" + "92a27570c403010203" + "a36e7370a52f63686174" + "a26964" + "07",
                Convert.ToHexStringLower(binary.Text.Payload.Span));

            var text = new ArrayBufferWriter<byte>();
            var attachments = new List<byte[]>();
            Assert.True(MessagePackFraming.TryDecode(binary.Text.Payload.Span, text, attachments, out var error), error);
            Assert.Equal("51-/chat,7[\"up\",{\"_placeholder\":true,\"num\":0}]", Encoding.UTF8.GetString(text.WrittenSpan));
            Assert.Equal([1, 2, 3], Assert.Single(attachments));
        }
        finally
        {
            binary.Release();
            packet.Release();
        }
    }

    [Fact]
    public void A_connect_without_auth_has_notepack_undefined_as_data_and_decodes_as_a_bare_connect()
    {
        // socket.io-client's CONNECT to "/" without auth: {type: 0, nsp: "/", data: undefined}.
        var message = Convert.FromHexString("83a47479706500a36e7370a12fa464617461d40000");
        var text = new ArrayBufferWriter<byte>();
        Assert.True(MessagePackFraming.TryDecode(message, text, [], out var error), error);
        Assert.Equal("0", Encoding.UTF8.GetString(text.WrittenSpan));
    }

    [Fact]
    public void The_server_connect_answer_becomes_a_map_with_the_sid()
    {
        var text = Message("0/chat,{\"sid\":\"abc\"}", false);
        var binary = MessagePackFraming.ToBinary(text);
        try
        {
            Assert.True(binary.IsBinary);
            Assert.Equal("83a47479706500a464617461" + "81a3736964a3616263" + "a36e7370a52f63686174", Convert.ToHexStringLower(binary.Payload.Span));
        }
        finally
        {
            binary.Release();
            text.Release();
        }
    }

    [Theory]
    [InlineData("92a47479706502", "not a map")]
    [InlineData("82a47479706502a464617461" + "91a178" + "00", "after the msgpack packet")]
    [InlineData("81a47479706507", "invalid packet type")]
    [InlineData("82a47479706502a464617461a178", "invalid payload")]
    [InlineData("82a47479706502a464617461" + "90", "invalid payload")]
    [InlineData("83a47479706502a464617461" + "91a178" + "a36e7370a463686174", "invalid namespace")]
    [InlineData("83a47479706502a464617461" + "91a178" + "a26964ff", "invalid packet id")]
    [InlineData("82a47479706502a464617461", "msgpack")]
    public void What_the_msgpack_parser_refuses_is_refused(string hex, string expected)
    {
        var text = new ArrayBufferWriter<byte>();
        Assert.False(MessagePackFraming.TryDecode(Convert.FromHexString(hex), text, [], out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static EngineMessage Message(string text, bool isBinary) => Message(Encoding.UTF8.GetBytes(text), isBinary);

    private static EngineMessage Message(byte[] payload, bool isBinary)
    {
        using var writer = new EngineMessageWriter(payload.Length);
        writer.Write(payload);
        return writer.ToMessage(isBinary);
    }
}
