using System.Text;
using TypedSockets.SocketIO;

namespace TypedSockets.Tests.SocketIO;

public sealed class SocketIOPacketParserTests
{
    [Theory]
    [InlineData("0", SocketIOPacketType.Connect, "", -1, "")]
    [InlineData("0/admin,", SocketIOPacketType.Connect, "/admin", -1, "")]
    [InlineData("0/admin", SocketIOPacketType.Connect, "/admin", -1, "")]
    [InlineData("0/admin,{\"token\":\"123\"}", SocketIOPacketType.Connect, "/admin", -1, "{\"token\":\"123\"}")]
    [InlineData("0{\"token\":1}", SocketIOPacketType.Connect, "", -1, "{\"token\":1}")]
    [InlineData("1", SocketIOPacketType.Disconnect, "", -1, "")]
    [InlineData("1/admin,", SocketIOPacketType.Disconnect, "/admin", -1, "")]
    [InlineData("2[\"foo\"]", SocketIOPacketType.Event, "", -1, "[\"foo\"]")]
    [InlineData("2/admin,[\"bar\"]", SocketIOPacketType.Event, "/admin", -1, "[\"bar\"]")]
    [InlineData("212[\"foo\"]", SocketIOPacketType.Event, "", 12, "[\"foo\"]")]
    [InlineData("20[\"foo\"]", SocketIOPacketType.Event, "", 0, "[\"foo\"]")]
    [InlineData("3/admin,13[\"bar\"]", SocketIOPacketType.Ack, "/admin", 13, "[\"bar\"]")]
    [InlineData("30[]", SocketIOPacketType.Ack, "", 0, "[]")]
    public void Parses_the_fields_of_the_specification_examples(string text, SocketIOPacketType type, string nsp, long ackId, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(type, header.Type);
        Assert.Equal(nsp, Encoding.UTF8.GetString(bytes.AsSpan(header.Namespace)));
        Assert.Equal(ackId, header.AckId);
        Assert.Equal(payload, Encoding.UTF8.GetString(bytes.AsSpan(header.Payload)));
        Assert.Equal(0, header.Attachments);
    }

    [Theory]
    [InlineData("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", SocketIOPacketType.BinaryEvent, 1, "", -1)]
    [InlineData("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", SocketIOPacketType.BinaryEvent, 2, "/admin", -1)]
    [InlineData("61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", SocketIOPacketType.BinaryAck, 1, "", 15)]
    [InlineData("510-[\"x\"]", SocketIOPacketType.BinaryEvent, 10, "", -1)]
    public void Parses_binary_packets_with_their_attachment_count(string text, SocketIOPacketType type, int attachments, string nsp, long ackId)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.Equal(type, header.Type);
        Assert.Equal(attachments, header.Attachments);
        Assert.Equal(nsp, Encoding.UTF8.GetString(bytes.AsSpan(header.Namespace)));
        Assert.Equal(ackId, header.AckId);
        Assert.True(header.IsBinary);
    }

    [Theory]
    [InlineData("", SocketIOParseError.Empty)]
    [InlineData("7", SocketIOParseError.UnknownPacketType)]
    [InlineData("x[\"a\"]", SocketIOParseError.UnknownPacketType)]
    [InlineData("5[\"a\"]", SocketIOParseError.BadAttachmentCount)]
    [InlineData("5-[\"a\"]", SocketIOParseError.BadAttachmentCount)]
    [InlineData("50-[\"a\"]", SocketIOParseError.BadAttachmentCount)]
    [InlineData("5a-[\"a\"]", SocketIOParseError.BadAttachmentCount)]
    [InlineData("51", SocketIOParseError.BadAttachmentCount)]
    [InlineData("511-[\"a\"]", SocketIOParseError.TooManyAttachments)]
    [InlineData("599999999999-[\"a\"]", SocketIOParseError.BadAttachmentCount)]
    [InlineData("29999999999999999999[\"a\"]", SocketIOParseError.BadAckId)]
    [InlineData("3[]", SocketIOParseError.BadAckId)]
    [InlineData("3abc[]", SocketIOParseError.BadAckId)]
    [InlineData("2", SocketIOParseError.BadEventPayload)]
    [InlineData("2{\"a\":1}", SocketIOParseError.BadEventPayload)]
    [InlineData("1{}", SocketIOParseError.BadPayload)]
    [InlineData("0[]", SocketIOParseError.BadPayload)]
    [InlineData("0\"token\"", SocketIOParseError.BadPayload)]
    [InlineData("0{\"a\":1", SocketIOParseError.BadPayload)]
    [InlineData("0{}x", SocketIOParseError.BadPayload)]
    [InlineData("31{}", SocketIOParseError.BadPayload)]
    public void Refuses_malformed_packets(string text, SocketIOParseError expected)
    {
        Assert.Equal(expected, SocketIOPacketParser.TryParse(Encoding.UTF8.GetBytes(text), 10, out _));
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
