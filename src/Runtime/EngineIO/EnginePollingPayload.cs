using System.Buffers;
using System.Buffers.Text;

namespace TypedSockets.EngineIO;

/// <summary>
/// The framing of an Engine.IO v4 long-polling body, for both roles: packets joined by <c>\x1e</c>, a binary packet as
/// <c>b</c> followed by base64. The server's <see cref="PollingTransport"/> and the client's polling transport both
/// split and write bodies here; what a packet means is decided elsewhere.
/// </summary>
internal static class EnginePollingPayload
{
    /// <summary>The record separator between packets.</summary>
    public const byte Separator = 0x1e;

    /// <summary>The first byte of a binary packet in a polling body.</summary>
    public const byte BinaryPrefix = (byte)'b';

    // Base64 turns 3 bytes into 4; a multiple of 3 keeps chunks free of padding.
    private const int Base64ChunkInput = 3 * 1024;

    /// <summary>
    /// Takes the next packet off <paramref name="body"/> (which then holds what follows it); false when the body is
    /// used up. An empty body yields one empty packet, as a body with nothing between two separators does.
    /// </summary>
    public static bool TryTakeNext(ref ReadOnlyMemory<byte> body, ref bool done, out ReadOnlyMemory<byte> packet)
    {
        if (done)
        {
            packet = default;
            return false;
        }

        var end = body.Span.IndexOf(Separator);
        if (end < 0)
        {
            packet = body;
            body = default;
            done = true;
        }
        else
        {
            packet = body[..end];
            body = body[(end + 1)..];
        }

        return true;
    }

    /// <summary>True when <paramref name="packet"/> is a binary packet (<c>b</c> + base64).</summary>
    public static bool IsBinary(ReadOnlySpan<byte> packet) => !packet.IsEmpty && packet[0] == BinaryPrefix;

    /// <summary>
    /// Decodes the base64 of a binary packet (without its <c>b</c>) into a pooled buffer the caller disposes;
    /// false, with nothing rented, when it is not valid base64.
    /// </summary>
    public static bool TryDecodeBinary(ReadOnlySpan<byte> base64, out Buffers.PooledArray<byte> decoded, out int length)
    {
        decoded = Buffers.PooledArray<byte>.Rent(Math.Max(Base64.GetMaxDecodedFromUtf8Length(base64.Length), 1));
        if (Base64.DecodeFromUtf8(base64, decoded.Array, out _, out length) != OperationStatus.Done)
        {
            decoded.Dispose();
            decoded = default;
            length = 0;
            return false;
        }

        return true;
    }

    /// <summary>The bytes a binary packet of <paramref name="length"/> bytes takes in a body.</summary>
    public static int BinaryLength(int length) => 1 + Base64.GetMaxEncodedToUtf8Length(length);

    /// <summary>Writes one byte (a separator, a packet type).</summary>
    public static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    /// <summary>Writes a binary packet: <c>b</c> and the base64 of <paramref name="data"/>.</summary>
    public static void WriteBinary(IBufferWriter<byte> writer, ReadOnlySpan<byte> data)
    {
        WriteByte(writer, BinaryPrefix);
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(data.Length, Base64ChunkInput)];
            var span = writer.GetSpan(Base64.GetMaxEncodedToUtf8Length(chunk.Length));
            Base64.EncodeToUtf8(chunk, span, out _, out var written);
            writer.Advance(written);
            data = data[chunk.Length..];
        }
    }
}
