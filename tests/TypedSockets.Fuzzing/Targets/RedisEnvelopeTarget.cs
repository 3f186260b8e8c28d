using System.IO;
using TypedSockets.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The Redis backplane's envelope reader, reading each kind of message field by field in the order the backplane
/// reads it (whatever another node, or anyone with access to the Redis server, publishes on its channels).
/// Invariants: a malformed envelope (cut short, a negative length, a count the bytes cannot hold) ends in the
/// reader's own <see cref="InvalidDataException"/> and nothing else; every string and blob read lies inside the
/// message; allocation stays proportional to the message, whatever lengths and counts it declares.
/// </summary>
internal static class RedisEnvelopeTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var message = input.ToArray();
        var budget = AllocationBudget.Start(message.Length, 64);
        try
        {
            Read(message);
        }
        catch (InvalidDataException)
        {
            // The reader's answer to a malformed envelope; the backplane logs it and serves on.
        }

        budget.Check("the envelope reader");
    }

    private static void Read(byte[] message)
    {
        var reader = new RedisEnvelopeReader(message);
        var kind = (RedisMessageKind)reader.ReadByte();
        _ = reader.ReadString();
        _ = reader.ReadInt64(); // the publication time
        switch (kind)
        {
            case RedisMessageKind.Broadcast:
                _ = reader.ReadStrings();
                _ = reader.ReadStrings();
                InMessage(message, reader.ReadBlob());
                ReadAttachments(message, ref reader);
                break;
            case RedisMessageKind.BroadcastWithAck:
                _ = reader.ReadInt64();
                _ = reader.ReadInt64();
                _ = reader.ReadStrings();
                _ = reader.ReadStrings();
                InMessage(message, reader.ReadBlob());
                ReadAttachments(message, ref reader);
                break;
            case RedisMessageKind.Command:
                _ = reader.ReadByte();
                _ = reader.ReadStrings();
                _ = reader.ReadStrings();
                _ = reader.ReadString();
                break;
            case RedisMessageKind.ServerSideEvent:
                _ = reader.ReadString();
                InMessage(message, reader.ReadBlob());
                break;
            case RedisMessageKind.AckReply:
                _ = reader.ReadInt64();
                _ = reader.ReadInt32();
                var count = reader.ReadCount();
                var responses = new List<EventArguments>(count);
                for (var i = 0; i < count; i++)
                {
                    _ = reader.ReadString();
                    var blob = reader.ReadBlob();
                    InMessage(message, blob);
                    if (EventArguments.TryParse(blob, out var arguments))
                    {
                        responses.Add(arguments);
                    }
                }

                break;
        }
    }

    private static void ReadAttachments(byte[] message, ref RedisEnvelopeReader reader)
    {
        var count = reader.ReadCount();
        var attachments = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            attachments[i] = reader.ReadBlob();
            InMessage(message, attachments[i]);
        }
    }

    private static void InMessage(byte[] message, ReadOnlyMemory<byte> blob) =>
        FuzzInvariantException.Check(blob.IsEmpty || (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(blob, out var segment) && segment.Array == message), "a blob that is not a slice of the message");
}
