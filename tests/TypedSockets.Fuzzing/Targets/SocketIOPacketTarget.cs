using System.Text.Json;
using System.Text.Unicode;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The Socket.IO packet parser with binary reassembly, decoding as the connection does: the input's first part
/// (parts are separated by 0x1E) is a packet's text, the later parts are binary attachments. Text that is not UTF-8
/// is skipped: both transports refuse it before it gets here.
/// Invariants: no exception; the namespace, ack id and payload lie inside the packet, the ack id is at most 2^53,
/// a binary packet announces 1 to <see cref="MaxAttachments"/> attachments; every argument of an EVENT or ACK is
/// one whole JSON value inside the payload, the same whether decoded into pooled or owned memory; the event name
/// decodes; a completed binary packet holds exactly its attachments, byte for byte, and every placeholder resolves
/// only to one of them.
/// </summary>
internal static class SocketIOPacketTarget
{
    public const int MaxAttachments = 10;

    public static void Run(ReadOnlySpan<byte> input)
    {
        var parts = FuzzInput.Split(input, MaxAttachments + 2);
        var text = parts[0];
        if (!Utf8.IsValid(text))
        {
            return;
        }

        var budget = AllocationBudget.Start(input.Length, 32);
        Decode(text, parts);
        budget.Check("the Socket.IO decoder");
    }

    private static void Decode(byte[] text, List<byte[]> parts)
    {
        var error = SocketIOPacketParser.TryParse(text, MaxAttachments, out var header);
        if (error != SocketIOParseError.None)
        {
            return;
        }

        _ = text[header.Namespace];
        _ = text[header.Payload];
        FuzzInvariantException.Check(header.Payload.End.Equals(Index.FromStart(text.Length)) || header.Payload.End.Value == text.Length, "the payload does not run to the end of the packet");
        FuzzInvariantException.Check(header.AckId is >= -1 and <= 9_007_199_254_740_992, $"ack id {header.AckId}");
        FuzzInvariantException.Check(header.IsBinary ? header.Attachments is >= 1 and <= MaxAttachments : header.Attachments == 0, $"{header.Attachments} attachments on a {header.Type}");

        switch (header.Type)
        {
            case SocketIOPacketType.Connect:
                _ = SocketIOPacketParser.ReadConnectSid(text.AsSpan(header.Payload));
                return;
            case SocketIOPacketType.ConnectError:
                _ = SocketIOPacketParser.ReadConnectErrorMessage(text.AsSpan(header.Payload));
                return;
            case SocketIOPacketType.Disconnect:
                return;
        }

        if (SocketIOPacketParser.TryReadPacket(text, header, out var packet) != SocketIOParseError.None)
        {
            return;
        }

        try
        {
            CheckArguments(packet.Arguments, text.AsSpan(header.Payload));
            if (packet.IsEvent)
            {
                _ = packet.DecodeName();
            }

            if (!header.IsBinary)
            {
                FuzzInvariantException.Check(SocketIOPacketParser.TryReadOwned(text, header, out var owned, out var name) == SocketIOParseError.None, "TryReadOwned refused what TryReadPacket read");
                FuzzInvariantException.Check(owned.Count == packet.Arguments.Count, "owned and pooled decoding disagree on the argument count");
                for (var i = 0; i < owned.Count; i++)
                {
                    FuzzInvariantException.Check(owned[i].Span.SequenceEqual(packet.Arguments[i].Span), $"owned and pooled decoding disagree on argument {i}");
                }

                FuzzInvariantException.Check((name is null) == !packet.IsEvent, "an event without a name, or an ack with one");
                return;
            }
        }
        catch
        {
            packet.Dispose();
            throw;
        }

        Assemble(packet, header.Attachments, parts);
    }

    private static void Assemble(SocketIOPacket packet, int attachments, List<byte[]> parts)
    {
        var assembler = new BinaryPacketAssembler();
        assembler.Start(packet, attachments);
        var received = parts.Count - 1;
        for (var i = 1; i <= received; i++)
        {
            var last = assembler.TryAdd(parts[i], out var completed);
            FuzzInvariantException.Check(last == (i == attachments), $"attachment {i} of {attachments} reported last={last}");
            if (!last)
            {
                continue;
            }

            using (completed)
            {
                var arguments = completed.Arguments;
                FuzzInvariantException.Check(arguments.AttachmentCount == attachments, "a completed packet without all its attachments");
                for (var a = 0; a < attachments; a++)
                {
                    FuzzInvariantException.Check(arguments.GetAttachment(a).Span.SequenceEqual(parts[a + 1]), $"attachment {a} changed on its way in");
                }

                for (var index = 0; index < arguments.Count; index++)
                {
                    if (arguments.TryGetBinary(index, out var bytes))
                    {
                        var found = false;
                        for (var a = 0; a < attachments && !found; a++)
                        {
                            found = arguments.GetAttachment(a).Equals(bytes);
                        }

                        FuzzInvariantException.Check(found, $"argument {index} resolved to bytes that are no attachment");
                    }
                }
            }

            return;
        }

        // The connection ended with the packet incomplete: its buffers go back.
        FuzzInvariantException.Check(assembler.IsAssembling, "the assembler stopped waiting before the last attachment");
        assembler.Reset();
        FuzzInvariantException.Check(!assembler.IsAssembling, "Reset left a packet waiting");
    }

    private static void CheckArguments(EventArguments arguments, ReadOnlySpan<byte> payload)
    {
        FuzzInvariantException.Check(arguments.Count >= 0, "negative argument count");
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i].Span;
            FuzzInvariantException.Check(!argument.IsEmpty && payload.IndexOf(argument) >= 0, $"argument {i} is not inside the payload");
            var reader = new Utf8JsonReader(argument);
            FuzzInvariantException.Check(reader.Read(), $"argument {i} is empty");
            reader.Skip();
            FuzzInvariantException.Check(reader.BytesConsumed == argument.Length && !reader.Read(), $"argument {i} is not exactly one JSON value");
        }
    }
}
