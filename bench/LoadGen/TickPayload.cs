using System.Buffers.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// The broadcast payload: <c>{sequence:D12}.{publish timestamp:D19}.</c> padded to the payload size, so every
/// receiver can check order and count and measure publish→receive latency (same process, same clock).
/// </summary>
internal static class TickPayload
{
    private const int SequenceDigits = 12;
    private const int TimestampDigits = 19;
    public const int MinimumSize = SequenceDigits + 1 + TimestampDigits + 1;

    public static void Write(Span<byte> destination, long sequence, long timestamp)
    {
        sequence.TryFormat(destination, out _, "D12");
        destination[SequenceDigits] = (byte)'.';
        timestamp.TryFormat(destination[(SequenceDigits + 1)..], out _, "D19");
        destination[SequenceDigits + 1 + TimestampDigits] = (byte)'.';
        destination[MinimumSize..].Fill((byte)'x');
    }

    public static bool TryRead(ReadOnlySpan<byte> payload, out long sequence, out long timestamp)
    {
        timestamp = 0;
        return Utf8Parser.TryParse(payload[..Math.Min(payload.Length, SequenceDigits)], out sequence, out var digits) && digits == SequenceDigits
            && payload.Length >= MinimumSize
            && Utf8Parser.TryParse(payload.Slice(SequenceDigits + 1, TimestampDigits), out timestamp, out digits) && digits == TimestampDigits;
    }
}
