using System.Text;
using TypedSockets.SocketIO;

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
        Assert.Null(bounds);
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
        Assert.Null(bounds);
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
        var arguments = new EventArguments(payload, bounds, count, attachments);
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
        var arguments = new EventArguments(payload, bounds, count, [new byte[] { 5, 6 }]);
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

    private static string[] Arguments(byte[] payload, int[]? bounds, int count)
    {
        var arguments = new EventArguments(payload, bounds, count, null);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = Encoding.UTF8.GetString(arguments[i].Span);
        }

        return result;
    }
}
