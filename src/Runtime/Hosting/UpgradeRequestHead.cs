namespace TypedSockets.Hosting;

/// <summary>
/// The head of an HTTP/1.1 <c>GET</c> as the fast path reads it off the raw connection: the request target
/// and the handful of headers a WebSocket handshake needs, as ranges into the head. Parsing is strict and
/// conservative: anything unusual (another method or version, a body, a repeated handshake header, line
/// folding, bytes Kestrel would not accept) fails, and such a request goes to the HTTP server unchanged,
/// which answers it exactly as it answers any other request.
/// </summary>
internal struct UpgradeRequestHead
{
    private const int HeaderHost = 0;
    private const int HeaderUpgrade = 1;
    private const int HeaderConnection = 2;
    private const int HeaderVersion = 3;
    private const int HeaderKey = 4;
    private const int HeaderOrigin = 5;

    public Range Target;
    public Range Path;
    public Range Query;
    public Range Host;
    public Range Upgrade;
    public Range Connection;
    public Range Version;
    public Range Key;
    public Range Origin;
    public bool HasOrigin;

    /// <summary>
    /// The request line's target when <paramref name="line"/> (without its CRLF) is <c>GET /… HTTP/1.1</c>;
    /// false for anything else.
    /// </summary>
    public static bool TryParseRequestLine(ReadOnlySpan<byte> line, out Range target)
    {
        target = default;
        if (!line.StartsWith("GET /"u8) || !line.EndsWith(" HTTP/1.1"u8))
        {
            return false;
        }

        var start = 4;
        var end = line.Length - " HTTP/1.1".Length;
        foreach (var b in line[start..end])
        {
            // A target is visible ASCII; Kestrel refuses the rest, and the HTTP server should say so.
            if (b <= 0x20 || b >= 0x7F)
            {
                return false;
            }
        }

        target = start..end;
        return true;
    }

    /// <summary>Parses a whole head (request line, header lines, the empty line); false when it is not one the fast path takes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> head, out UpgradeRequestHead result)
    {
        result = default;
        var lineEnd = head.IndexOf("\r\n"u8);
        if (lineEnd < 0 || !TryParseRequestLine(head[..lineEnd], out result.Target))
        {
            return false;
        }

        var target = head[result.Target];
        var question = target.IndexOf((byte)'?');
        var targetStart = result.Target.Start.Value;
        result.Path = question < 0 ? result.Target : targetStart..(targetStart + question);
        result.Query = question < 0 ? result.Target.End..result.Target.End : (targetStart + question + 1)..result.Target.End;

        Span<bool> seen = stackalloc bool[HeaderOrigin + 1];
        var position = lineEnd + 2;
        while (true)
        {
            var rest = head[position..];
            var length = rest.IndexOf("\r\n"u8);
            if (length < 0)
            {
                return false;
            }

            if (length == 0)
            {
                return seen[HeaderHost] && seen[HeaderUpgrade] && seen[HeaderConnection] && seen[HeaderVersion] && seen[HeaderKey];
            }

            var line = rest[..length];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]) || !IsFieldValue(line[(colon + 1)..]))
            {
                return false;
            }

            var name = line[..colon];
            var valueStart = colon + 1;
            var valueEnd = line.Length;
            while (valueStart < valueEnd && line[valueStart] is (byte)' ' or (byte)'\t')
            {
                valueStart++;
            }

            while (valueEnd > valueStart && line[valueEnd - 1] is (byte)' ' or (byte)'\t')
            {
                valueEnd--;
            }

            var value = (position + valueStart)..(position + valueEnd);
            var header = Identify(name);
            if (header == -2)
            {
                // A body (or a framing Kestrel must judge) is the HTTP server's business.
                return false;
            }

            if (header >= 0)
            {
                if (seen[header])
                {
                    return false;
                }

                seen[header] = true;
                switch (header)
                {
                    case HeaderHost: result.Host = value; break;
                    case HeaderUpgrade: result.Upgrade = value; break;
                    case HeaderConnection: result.Connection = value; break;
                    case HeaderVersion: result.Version = value; break;
                    case HeaderKey: result.Key = value; break;
                    default: result.Origin = value; result.HasOrigin = true; break;
                }
            }

            position += length + 2;
        }
    }

    /// <summary>The index of a header the handshake needs, -2 for one that means a body, -1 for any other.</summary>
    private static int Identify(ReadOnlySpan<byte> name)
    {
        static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) => System.Text.Ascii.EqualsIgnoreCase(name, expected);

        return name.Length switch
        {
            4 when Is(name, "host"u8) => HeaderHost,
            6 when Is(name, "origin"u8) => HeaderOrigin,
            7 when Is(name, "upgrade"u8) => HeaderUpgrade,
            10 when Is(name, "connection"u8) => HeaderConnection,
            14 when Is(name, "content-length"u8) => -2,
            17 when Is(name, "transfer-encoding"u8) => -2,
            17 when Is(name, "sec-websocket-key"u8) => HeaderKey,
            21 when Is(name, "sec-websocket-version"u8) => HeaderVersion,
            _ => -1,
        };
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            var ok = b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                || "!#$%&'*+-.^_`|~"u8.Contains(b);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != (byte)'\t') || b >= 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
