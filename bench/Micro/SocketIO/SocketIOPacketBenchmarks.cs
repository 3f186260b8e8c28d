using BenchmarkDotNet.Attributes;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Benchmarks.SocketIO;

/// <summary>
/// Socket.IO packet text, per packet: parsing (header, then the event name and the bounds of every argument,
/// as the server does before dispatch) and writing (straight into a framed Engine.IO message) of an event
/// with arguments, an ack, and a binary event with one attachment.
/// </summary>
[MemoryDiagnoser]
public class SocketIOPacketBenchmarks
{
    private static readonly byte[] EventPacket = "21[\"echo\",{\"id\":7,\"text\":\"hello\"},\"0123456789012345678901234567890123456789012345678901234567890123\"]"u8.ToArray();
    private static readonly byte[] AckPacket = "321[{\"id\":7,\"text\":\"hello\"},\"0123456789012345678901234567890123456789012345678901234567890123\"]"u8.ToArray();
    private static readonly byte[] BinaryEventPacket = "51-21[\"upload\",{\"_placeholder\":true,\"num\":0},\"name.bin\"]"u8.ToArray();
    private static readonly byte[] Argument = "\"0123456789012345678901234567890123456789012345678901234567890123\""u8.ToArray();
    private static readonly byte[] Attachment = new byte[1024];

    [Benchmark]
    public int ParseEvent() => ParseEvent(EventPacket);

    [Benchmark]
    public int ParseAck()
    {
        SocketIOPacketParser.TryParse(AckPacket, OptionDefaults.MaxAttachments, out var header);
        SocketIOPacketParser.TryReadAck(AckPacket.AsSpan()[header.Payload], out var bounds, out var count);
        bounds.Dispose();
        return count;
    }

    [Benchmark]
    public int ParseBinaryEvent() => ParseEvent(BinaryEventPacket);

    [Benchmark]
    public int WriteEvent()
    {
        var packet = SocketIOPacketWriter.WriteEvent([], -1, "tick", Argument, static (writer, json) => writer.WriteJson(json));
        var length = packet.Text.WebSocketFrame.Length;
        packet.Release();
        return length;
    }

    [Benchmark]
    public int WriteAck()
    {
        var packet = SocketIOPacketWriter.WriteAck([], 21, Argument, static (writer, json) => writer.WriteJson(json));
        var length = packet.Text.WebSocketFrame.Length;
        packet.Release();
        return length;
    }

    [Benchmark]
    public int WriteBinaryEvent()
    {
        var packet = SocketIOPacketWriter.WriteEvent([], -1, "upload", Attachment, static (writer, bytes) => writer.WriteBinary(bytes));
        var length = packet.Text.WebSocketFrame.Length + packet.Attachments![0].WebSocketFrame.Length;
        packet.Release();
        return length;
    }

    private static int ParseEvent(byte[] packet)
    {
        SocketIOPacketParser.TryParse(packet, OptionDefaults.MaxAttachments, out var header);
        SocketIOPacketParser.TryReadEvent(packet.AsSpan()[header.Payload], out _, out _, out var bounds, out var count);
        bounds.Dispose();
        return count;
    }
}
