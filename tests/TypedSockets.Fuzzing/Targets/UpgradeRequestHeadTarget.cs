using System.Text;
using TypedSockets.Hosting;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The fast path's parser of an HTTP/1.1 upgrade request head: the input is the head (the listener hands over the
/// bytes up to and including the first empty line).
/// Invariants: no exception; an accepted head starts with a valid request line, every range it reports lies inside
/// the head, holds no CR, LF or other control byte, is trimmed, and the target splits into path and query at the
/// first '?'; all five handshake headers were present.
/// </summary>
internal static class UpgradeRequestHeadTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var lineEnd = input.IndexOf("\r\n"u8);
        if (lineEnd >= 0 && UpgradeRequestHead.TryParseRequestLine(input[..lineEnd], out var lineTarget))
        {
            InHead(input[..lineEnd], lineTarget, "request line target", allowEmpty: false);
        }

        if (!UpgradeRequestHead.TryParse(input, out var head))
        {
            return;
        }

        FuzzInvariantException.Check(lineEnd > 0 && UpgradeRequestHead.TryParseRequestLine(input[..lineEnd], out var target) && target.Equals(head.Target), "accepted a head whose request line is refused");
        FuzzInvariantException.Check(input[head.Target][0] == '/', "a target that does not start with '/'");
        InHead(input, head.Target, "target", allowEmpty: false);
        InHead(input, head.Path, "path", allowEmpty: false);
        InHead(input, head.Query, "query", allowEmpty: true);
        InHead(input, head.Host, "Host", allowEmpty: true);
        InHead(input, head.Upgrade, "Upgrade", allowEmpty: true);
        InHead(input, head.Connection, "Connection", allowEmpty: true);
        InHead(input, head.Version, "Sec-WebSocket-Version", allowEmpty: true);
        InHead(input, head.Key, "Sec-WebSocket-Key", allowEmpty: true);
        if (head.HasOrigin)
        {
            InHead(input, head.Origin, "Origin", allowEmpty: true);
        }

        var targetText = input[head.Target];
        var question = targetText.IndexOf((byte)'?');
        FuzzInvariantException.Check(input[head.Path].SequenceEqual(question < 0 ? targetText : targetText[..question]), "the path is not the target up to '?'");
        FuzzInvariantException.Check(input[head.Query].SequenceEqual(question < 0 ? [] : targetText[(question + 1)..]), "the query is not the target after '?'");
        var lower = Encoding.ASCII.GetString(input).ToLowerInvariant();
        foreach (var name in new[] { "\r\nhost:", "\r\nupgrade:", "\r\nconnection:", "\r\nsec-websocket-version:", "\r\nsec-websocket-key:" })
        {
            FuzzInvariantException.Check(lower.Contains(name, StringComparison.Ordinal), $"accepted a head without {name.Trim()}");
        }
    }

    private static void InHead(ReadOnlySpan<byte> head, Range range, string what, bool allowEmpty)
    {
        var (offset, length) = range.GetOffsetAndLength(head.Length);
        FuzzInvariantException.Check(allowEmpty || length > 0, $"empty {what}");
        var value = head.Slice(offset, length);
        foreach (var b in value)
        {
            FuzzInvariantException.Check(b >= 0x20 || b == '\t', $"{what} holds control byte 0x{b:X2}");
        }

        FuzzInvariantException.Check(value.IsEmpty || (value[0] is not (byte)' ' and not (byte)'\t' && value[^1] is not (byte)' ' and not (byte)'\t'), $"{what} is not trimmed");
    }
}
