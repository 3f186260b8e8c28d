using System.Text.Unicode;
using TypedSockets.WebSockets;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The incremental UTF-8 validator against the runtime's own <see cref="Utf8.IsValid"/>, with the text cut into
/// pieces of up to 8 bytes (their sizes from byte 0 of the input) as fragments and partial reads cut it.
/// Invariants: after every piece, "valid so far and complete" agrees with <see cref="Utf8.IsValid"/> of the
/// prefix; once the prefix is valid, no piece before it was refused; a refusal is final.
/// </summary>
internal static class Utf8ValidatorTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var seed = (uint)input[0] | 1;
        var text = input[1..];
        var validator = default(Utf8IncrementalValidator);
        var refused = false;
        var end = 0;
        while (end < text.Length)
        {
            seed = (seed * 1103515245) + 12345;
            var size = (int)((seed >> 16) % 9);
            var piece = text.Slice(end, Math.Min(size, text.Length - end));
            end += piece.Length;
            var prefixValid = Utf8.IsValid(text[..end]);
            if (!refused)
            {
                refused = !validator.Append(piece);
            }

            FuzzInvariantException.Check(!prefixValid || !refused, $"valid UTF-8 refused after {end} bytes");
            FuzzInvariantException.Check(refused || !validator.IsComplete || prefixValid, $"invalid UTF-8 accepted as complete after {end} bytes");
            FuzzInvariantException.Check(refused || validator.IsComplete || !prefixValid, $"valid UTF-8 seen as unfinished after {end} bytes");
        }
    }
}
