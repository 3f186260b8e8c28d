namespace TypedSockets.Fuzzing;

/// <summary>How targets that take several messages cut their input: parts separated by 0x1E (the polling separator).</summary>
internal static class FuzzInput
{
    public const byte Separator = 0x1E;

    /// <summary>The parts of <paramref name="input"/> (at most <paramref name="max"/>; the last keeps any further separators).</summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> input, int max)
    {
        var parts = new List<byte[]>();
        while (parts.Count < max - 1)
        {
            var end = input.IndexOf(Separator);
            if (end < 0)
            {
                break;
            }

            parts.Add(input[..end].ToArray());
            input = input[(end + 1)..];
        }

        parts.Add(input.ToArray());
        return parts;
    }
}
