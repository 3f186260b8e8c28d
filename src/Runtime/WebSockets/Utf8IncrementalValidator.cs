using System.Text.Unicode;

namespace TypedSockets.WebSockets;

/// <summary>
/// Validates UTF-8 that arrives in pieces (fragments, or one frame read in chunks) and fails on the
/// first byte after which no valid sequence is possible, keeping the state of a code point split
/// across pieces. Complete stretches are checked by the vectorized <see cref="Utf8.IsValid"/>; only
/// the bytes of a split code point go through the byte-wise automaton.
/// </summary>
internal struct Utf8IncrementalValidator
{
    private int _needed;
    private byte _lower;
    private byte _upper;

    /// <summary>True when no code point is left unfinished.</summary>
    public readonly bool IsComplete => _needed == 0;

    /// <summary>Validates the next piece; false as soon as the text can no longer be valid UTF-8.</summary>
    public bool Append(ReadOnlySpan<byte> piece)
    {
        var i = 0;
        while (_needed > 0 && i < piece.Length)
        {
            if (!Step(piece[i++]))
            {
                return false;
            }
        }

        var rest = piece[i..];
        if (rest.IsEmpty)
        {
            return true;
        }

        var tail = UnfinishedTailLength(rest);
        if (!Utf8.IsValid(rest[..^tail]))
        {
            return false;
        }

        foreach (var b in rest[^tail..])
        {
            if (!Step(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Length of a trailing sequence whose lead byte announces more bytes than the span holds.</summary>
    private static int UnfinishedTailLength(ReadOnlySpan<byte> text)
    {
        for (var back = 1; back <= 3 && back <= text.Length; back++)
        {
            var b = text[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return length > back ? back : 0;
        }

        return 0;
    }

    /// <summary>One byte of the automaton of RFC 3629 §4 (shortest forms, no surrogates, ≤ U+10FFFF).</summary>
    private bool Step(byte b)
    {
        if (_needed > 0)
        {
            if (b < _lower || b > _upper)
            {
                return false;
            }

            _needed--;
            _lower = 0x80;
            _upper = 0xBF;
            return true;
        }

        (_needed, _lower, _upper) = b switch
        {
            < 0x80 => (0, (byte)0, (byte)0),
            >= 0xC2 and <= 0xDF => (1, (byte)0x80, (byte)0xBF),
            0xE0 => (2, (byte)0xA0, (byte)0xBF),
            0xED => (2, (byte)0x80, (byte)0x9F),
            >= 0xE1 and <= 0xEF => (2, (byte)0x80, (byte)0xBF),
            0xF0 => (3, (byte)0x90, (byte)0xBF),
            >= 0xF1 and <= 0xF3 => (3, (byte)0x80, (byte)0xBF),
            0xF4 => (3, (byte)0x80, (byte)0x8F),
            _ => (-1, (byte)0, (byte)0),
        };
        if (_needed < 0)
        {
            _needed = 0;
            return false;
        }

        return true;
    }
}
