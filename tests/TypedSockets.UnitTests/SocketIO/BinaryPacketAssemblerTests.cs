using System.Text;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Tests.SocketIO;

public sealed class BinaryPacketAssemblerTests
{
    [Fact]
    public void Hands_back_a_binary_event_complete_after_its_last_attachment()
    {
        var assembler = new BinaryPacketAssembler();
        assembler.Start(Decode("""52-/admin,3["upload",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", out var attachments), attachments);
        Assert.True(assembler.IsAssembling);

        var first = new byte[] { 1, 2 };
        Assert.False(assembler.TryAdd(first, out _));
        first.AsSpan().Clear();
        Assert.True(assembler.TryAdd(new byte[] { 3 }, out var packet));
        Assert.False(assembler.IsAssembling);
        try
        {
            Assert.Equal(SocketIOPacketType.BinaryEvent, packet.Type);
            Assert.Equal(3, packet.AckId);
            Assert.Equal("upload", packet.DecodeName());
            Assert.Equal(2, packet.Arguments.AttachmentCount);
            Assert.True(packet.Arguments.TryGetBinary(0, out var a));
            Assert.Equal([1, 2], a.ToArray());
            Assert.True(packet.Arguments.TryGetBinary(1, out var b));
            Assert.Equal([3], b.ToArray());
        }
        finally
        {
            packet.Dispose();
        }
    }

    [Fact]
    public void Is_reused_for_the_next_packet_and_takes_empty_attachments()
    {
        var assembler = new BinaryPacketAssembler();
        assembler.Start(Decode("""61-0[{"_placeholder":true,"num":0}]""", out var attachments), attachments);
        Assert.True(assembler.TryAdd([], out var first));
        Assert.Equal(SocketIOPacketType.BinaryAck, first.Type);
        Assert.True(first.Arguments.TryGetBinary(0, out var empty));
        Assert.True(empty.IsEmpty);
        first.Dispose();

        assembler.Start(Decode("""61-1[{"_placeholder":true,"num":0}]""", out attachments), attachments);
        Assert.True(assembler.TryAdd(new byte[] { 9 }, out var second));
        Assert.Equal(1, second.AckId);
        second.Dispose();
    }

    [Fact]
    public void Refuses_an_attachment_nobody_waits_for_and_a_second_packet_before_the_first_completed()
    {
        var assembler = new BinaryPacketAssembler();
        Assert.Throws<InvalidOperationException>(() => assembler.TryAdd(new byte[] { 1 }, out _));
        assembler.Start(Decode("""51-["a",{"_placeholder":true,"num":0}]""", out var attachments), attachments);
        var second = Decode("""51-["b",{"_placeholder":true,"num":0}]""", out _);
        Assert.Throws<InvalidOperationException>(() => assembler.Start(second, 1));
        second.Dispose();
    }

    [Fact]
    public void Reset_drops_the_waiting_packet()
    {
        var assembler = new BinaryPacketAssembler();
        assembler.Start(Decode("""52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]""", out var attachments), attachments);
        Assert.False(assembler.TryAdd(new byte[] { 1 }, out _));
        assembler.Reset();
        Assert.False(assembler.IsAssembling);
        assembler.Reset();
        Assert.Throws<InvalidOperationException>(() => assembler.TryAdd(new byte[] { 2 }, out _));
    }

    private static SocketIOPacket Decode(string text, out int attachments)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryParse(bytes, 10, out var header));
        Assert.True(header.IsBinary);
        Assert.Equal(SocketIOParseError.None, SocketIOPacketParser.TryReadPacket(bytes, header, out var packet));
        attachments = header.Attachments;
        return packet;
    }
}
