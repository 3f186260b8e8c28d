using System.Text;
using TypedSockets.Buffers;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Tests.SocketIO;

public sealed class SocketIOPacketParserTests
{
    [Theory]
    [InlineData("0", nameof(SocketIOPacketType.Connect), "", -1, "")]
    [InlineData("0/admin,", nameof(SocketIOPacketType.Connect), "/admin", -1, "")]
    [InlineData("0/admin", nameof(SocketIOPacketType.Connect), "/admin", -1, "")]
    [InlineData("0/admin,{\"token\":\"123\"}", nameof(SocketIOPacketType.Connect), "/admin", -1, "{\"token\":\"123\"}")]
    [InlineData("0{\"token\":1}", nameof(SocketIOPacketType.Connect), "", -1, "{\"token\":1}")]
    [InlineData("1", nameof(SocketIOPacketType.Disconnect), "", -1, "")]
    [InlineData("1/admin,", nameof(SocketIOPacketType.Disconnect), "/admin", -1, "")]
    [InlineData("2[\"foo\"]", nameof(SocketIOPacketType.Event), "", -1, "[\"foo\"]")]
    [InlineData("2/admin,[\"bar\"]", nameof(SocketIOPacketType.Event), "/admin", -1, "[\"bar\"]")]
    [InlineData("212[\"foo\"]", nameof(SocketIOPacketType.Event), "", 12, "[\"foo\"]")]
    [InlineData("20[\"foo\"]", nameof(SocketIOPacketType.Event), "", 0, "[\"foo\"]")]
    [InlineData("3/admin,13[\"bar\"]", nameof(SocketIOPacketType.Ack), "/admin", 13, "[\"bar\"]")]
    [InlineData("30[]", nameof(SocketIOPacketType.Ack), "", 0, "[]")]
    public void Parses_the_fields_of_the_specification_examples(string text, string type, string nsp, long ackId, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(type, header.Type.ToString());
        Assert.Equal(nsp, Encoding.UTF8.GetString(bytes.AsSpan(header.Namespace)));
        Assert.Equal(ackId, header.AckId);
        Assert.Equal(payload, Encoding.UTF8.GetString(bytes.AsSpan(header.Payload)));
        Assert.Equal(0, header.Attachments);
    }

    [Theory]
    [InlineData("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", nameof(SocketIOPacketType.BinaryEvent), 1, "", -1)]
    [InlineData("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", nameof(SocketIOPacketType.BinaryEvent), 2, "/admin", -1)]
    [InlineData("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", nameof(SocketIOPacketType.BinaryAck), 1, "", 15)]
    [InlineData("510-[\"x\"]", nameof(SocketIOPacketType.BinaryEvent), 10, "", -1)]
    public void Parses_binary_packets_with_their_attachment_count(string text, string type, int attachments, string nsp, long ackId)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(type, header.Type.ToString());
        Assert.Equal(attachments, header.Attachments);
        Assert.Equal(nsp, Encoding.UTF8.GetString(bytes.AsSpan(header.Namespace)));
        Assert.Equal(ackId, header.AckId);
        Assert.True(header.IsBinary);
    }

    [Theory]
    [InlineData("", nameof(SocketIOParseError.Empty))]
    [InlineData("7", nameof(SocketIOParseError.UnknownPacketType))]
    [InlineData("x[\"a\"]", nameof(SocketIOParseError.UnknownPacketType))]
    [InlineData("5[\"a\"]", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("5-[\"a\"]", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("50-[\"a\"]", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("5a-[\"a\"]", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("51", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("511-[\"a\"]", nameof(SocketIOParseError.TooManyAttachments))]
    [InlineData("599999999999-[\"a\"]", nameof(SocketIOParseError.BadAttachmentCount))]
    [InlineData("29999999999999999999[\"a\"]", nameof(SocketIOParseError.BadAckId))]
    [InlineData("3[]", nameof(SocketIOParseError.BadAckId))]
    [InlineData("3abc[]", nameof(SocketIOParseError.BadAckId))]
    [InlineData("2", nameof(SocketIOParseError.BadEventPayload))]
    [InlineData("2{\"a\":1}", nameof(SocketIOParseError.BadEventPayload))]
    [InlineData("1{}", nameof(SocketIOParseError.BadPayload))]
    [InlineData("0[]", nameof(SocketIOParseError.BadPayload))]
    [InlineData("0\"token\"", nameof(SocketIOParseError.BadPayload))]
    [InlineData("0{\"a\":1", nameof(SocketIOParseError.BadPayload))]
    [InlineData("0{}x", nameof(SocketIOParseError.BadPayload))]
    [InlineData("31{}", nameof(SocketIOParseError.BadPayload))]
    public void Refuses_malformed_packets(string text, string expected)
    {
        Assert.Equal(expected, SocketIOPacketParser.TryParse(Encoding.UTF8.GetBytes(text), 10, out _).ToString());
    }

    [Fact]
    public void Reads_the_event_name_and_each_argument_as_raw_json()
    {
        var payload = """["chat message",{"a":[1,2,{"b":"}"}]},"text",42,null,true,[]]"""u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadEvent(payload, out var name, out var escaped, out var bounds, out var count));
        Assert.Equal("chat message", Encoding.UTF8.GetString(payload.AsSpan(name)));
        Assert.False(escaped);
        var arguments = Arguments(payload, bounds, count);
        Assert.Equal(["""{"a":[1,2,{"b":"}"}]}""", "\"text\"", "42", "null", "true", "[]"], arguments);
    }

    [Fact]
    public void Reads_an_event_without_arguments_and_an_escaped_name()
    {
        var payload = """ [ "a\"b" ] """u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadEvent(payload, out var name, out var escaped, out var bounds, out var count));
        Assert.Equal("a\\\"b", Encoding.UTF8.GetString(payload.AsSpan(name)));
        Assert.True(escaped);
        Assert.Equal(0, count);
        Assert.True(bounds.IsEmpty);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1,\"a\"]")]
    [InlineData("[null]")]
    [InlineData("[{\"a\":1}]")]
    [InlineData("[\"a\"")]
    [InlineData("[\"a\",]")]
    [InlineData("[\"a\"]]")]
    [InlineData("[\"a\"] x")]
    [InlineData("[\"a\",{]")]
    [InlineData("{}")]
    public void Refuses_event_payloads_that_are_not_an_array_starting_with_a_string(string json)
    {
        Assert.Equal(SocketIOParseError.BadEventPayload, SocketIOPacketParser.TryReadEvent(Encoding.UTF8.GetBytes(json), out _, out _, out var bounds, out _));
        Assert.True(bounds.IsEmpty);
    }

    [Fact]
    public void Reads_ack_arguments_including_an_empty_list()
    {
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadAck("[]"u8, out _, out var none));
        Assert.Equal(0, none);
        var payload = """[{"received":"hi"},3]"""u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadAck(payload, out var bounds, out var count));
        Assert.Equal(["""{"received":"hi"}""", "3"], Arguments(payload, bounds, count));
        Assert.Equal(SocketIOParseError.BadPayload, SocketIOPacketParser.TryReadAck("[1"u8, out _, out _));
    }

    [Fact]
    public void Finds_binary_placeholders_among_the_arguments()
    {
        var payload = """["echoBinary",{"_placeholder":true,"num":1},{"num":0,"_placeholder":true},{"_placeholder":false,"num":0},"x"]"""u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadEvent(payload, out _, out _, out var bounds, out var count));
        ReadOnlyMemory<byte>[] attachments = [new byte[] { 1 }, new byte[] { 2, 3 }];
        var arguments = new EventArguments(payload, bounds.Array, count, attachments);
        Assert.True(arguments.TryGetBinary(0, out var first));
        Assert.Equal([2, 3], first.ToArray());
        Assert.True(arguments.TryGetBinary(1, out var second));
        Assert.Equal([1], second.ToArray());
        Assert.False(arguments.TryGetBinary(2, out _));
        Assert.False(arguments.TryGetBinary(3, out _));
        Assert.False(arguments.TryGetBinary(4, out _));
    }

    [Fact]
    public void Resolves_a_placeholder_nested_inside_an_argument()
    {
        var payload = """["upload",{"name":"a.bin","data":{"_placeholder":true,"num":0}}]"""u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadEvent(payload, out _, out _, out var bounds, out var count));
        var arguments = new EventArguments(payload, bounds.Array, count, [new byte[] { 5, 6 }]);
        Assert.False(arguments.TryGetBinary(0, out _));
        var reader = arguments.GetReader(0);
        reader.Read();
        reader.Read();
        reader.Skip();
        reader.Read();
        Assert.True(reader.ValueTextEquals("data"u8));
        Assert.True(arguments.TryReadBinary(ref reader, out var bytes));
        Assert.Equal([5, 6], bytes.ToArray());
    }

    [Theory]
    [InlineData("0{\"sid\":\"abc\"}", nameof(SocketIOPacketType.Connect), "", "{\"sid\":\"abc\"}")]
    [InlineData("0/admin,{\"sid\":\"abc\"}", nameof(SocketIOPacketType.Connect), "/admin", "{\"sid\":\"abc\"}")]
    [InlineData("4/nope,{\"message\":\"Invalid namespace\"}", nameof(SocketIOPacketType.ConnectError), "/nope", "{\"message\":\"Invalid namespace\"}")]
    [InlineData("4{\"message\":\"unauthorized\",\"data\":{\"reason\":\"expired\"}}", nameof(SocketIOPacketType.ConnectError), "", "{\"message\":\"unauthorized\",\"data\":{\"reason\":\"expired\"}}")]
    [InlineData("1/admin,", nameof(SocketIOPacketType.Disconnect), "/admin", "")]
    public void Parses_the_packets_only_a_server_sends(string text, string type, string nsp, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(type, header.Type.ToString());
        Assert.Equal(nsp, Encoding.UTF8.GetString(bytes.AsSpan(header.Namespace)));
        Assert.Equal(payload, Encoding.UTF8.GetString(bytes.AsSpan(header.Payload)));
    }

    [Fact]
    public void Reads_the_socket_id_of_a_connect_answer_and_the_message_of_a_connect_error()
    {
        Assert.Equal("abc", SocketIOPacketParser.ReadConnectSid("""{"sid":"abc"}"""u8));
        Assert.Equal("abc", SocketIOPacketParser.ReadConnectSid("""{"pid":"p","sid":"abc"}"""u8));
        Assert.Null(SocketIOPacketParser.ReadConnectSid("""{"data":{"sid":"nested"}}"""u8));
        Assert.Null(SocketIOPacketParser.ReadConnectSid("""{"sid":1"""u8));
        Assert.Equal("Invalid namespace", SocketIOPacketParser.ReadConnectErrorMessage("""{"message":"Invalid namespace"}"""u8));
        Assert.Null(SocketIOPacketParser.ReadConnectErrorMessage("""{"message":3}"""u8));
    }

    [Fact]
    public void Decodes_an_event_into_a_pooled_copy_that_outlives_the_received_bytes()
    {
        var bytes = "2/admin,7[\"hi\\\"there\",{\"a\":1},2]"u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadPacket(bytes, header, out var packet));
        bytes.AsSpan().Clear();
        try
        {
            Assert.True(packet.IsEvent);
            Assert.Equal(7, packet.AckId);
            Assert.Equal("hi\"there", packet.DecodeName());
            Assert.Equal(2, packet.Arguments.Count);
            Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(packet.Arguments[0].Span));
            Assert.Equal("2", Encoding.UTF8.GetString(packet.Arguments[1].Span));
        }
        finally
        {
            packet.Dispose();
        }
    }

    [Fact]
    public void Decodes_an_ack_and_refuses_a_bad_payload_without_renting()
    {
        var ack = "3/admin,4[\"x\"]"u8.ToArray();
        SocketIOPacketParser.TryParse(ack, 10, out var header);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadPacket(ack, header, out var packet));
        Assert.False(packet.IsEvent);
        Assert.Equal(4, packet.AckId);
        Assert.Equal("\"x\"", Encoding.UTF8.GetString(packet.Arguments[0].Span));
        packet.Dispose();

        var bad = "2[1]"u8.ToArray();
        SocketIOPacketParser.TryParse(bad, 10, out header);
        Assert.Equal(SocketIOParseError.BadEventPayload, SocketIOPacketParser.TryReadPacket(bad, header, out var refused));
        Assert.Throws<ObjectDisposedException>(() => refused.Buffer);
    }

    [Fact]
    public void Decodes_an_event_and_an_ack_into_owned_memory_and_refuses_a_bad_payload()
    {
        var bytes = "2/admin,7[\"hi\\\"there\",{\"a\":1},2]"u8.ToArray();
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadOwned(bytes, header, out var arguments, out var name));
        bytes.AsSpan().Clear();
        Assert.Equal("hi\"there", name);
        Assert.Equal(2, arguments.Count);
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(arguments[0].Span));
        Assert.Equal("2", Encoding.UTF8.GetString(arguments[1].Span));

        var ack = "3/admin,4[\"x\"]"u8.ToArray();
        SocketIOPacketParser.TryParse(ack, 10, out header);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadOwned(ack, header, out arguments, out name));
        ack.AsSpan().Clear();
        Assert.Null(name);
        Assert.Equal("\"x\"", Encoding.UTF8.GetString(arguments[0].Span));

        var bad = "3[1"u8.ToArray();
        SocketIOPacketParser.TryParse(bad, 10, out header);
        Assert.Equal(SocketIOParseError.BadPayload, SocketIOPacketParser.TryReadOwned(bad, header, out _, out _));
    }

    [Theory]
    [InlineData("abc", false, "abc")]
    [InlineData("ünï", false, "ünï")]
    [InlineData("a\\\"b\\u0041", true, "a\"bA")]
    public void Decodes_event_names_with_and_without_escapes(string raw, bool escaped, string expected)
    {
        Assert.Equal(expected, SocketIOPacketParser.DecodeName(Encoding.UTF8.GetBytes(raw), escaped));
    }

    private static string[] Arguments(byte[] payload, PooledArray<int> bounds, int count)
    {
        var arguments = new EventArguments(payload, bounds.IsEmpty ? null : bounds.Array, count, null);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Encoding.UTF8.GetString(arguments[i].Span);
        }

        return result;
    }
}
