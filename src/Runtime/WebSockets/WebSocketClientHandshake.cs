using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace TypedSockets.WebSockets;

/// <summary>The client side of the opening handshake (RFC 6455 §4.1): the request, and the checks of the response.</summary>
internal static class WebSocketClientHandshake
{
    // A response head larger than this is not a WebSocket server talking.
    private const int MaxResponseHeadSize = 16 * 1024;

    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    public static byte[] CreateRequest(Uri uri, string key, WebSocketClientOptions options)
    {
        var request = new StringBuilder();
        request.Append("GET ").Append(uri.PathAndQuery).Append(" HTTP/1.1\r\n");
        request.Append("Host: ").Append(uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}").Append("\r\n");
        request.Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        request.Append("Sec-WebSocket-Key: ").Append(key).Append("\r\n");
        request.Append("Sec-WebSocket-Version: ").Append(WebSocketHandshake.Version).Append("\r\n");
        if (options.SubProtocols.Count > 0)
        {
            request.Append("Sec-WebSocket-Protocol: ").AppendJoin(", ", options.SubProtocols).Append("\r\n");
        }

        foreach (var (name, value) in options.RequestHeaders)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        request.Append("\r\n");
        return Encoding.ASCII.GetBytes(request.ToString());
    }

    /// <summary>
    /// Reads the response head and checks it; returns the selected subprotocol. Bytes after the head
    /// (frames the server sent at once) stay in <paramref name="input"/>.
    /// </summary>
    public static async ValueTask<string?> ReadResponseAsync(PipeReader input, string key, WebSocketClientOptions options, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, HeadEnd))
            {
                var text = Encoding.ASCII.GetString(head);
                input.AdvanceTo(reader.Position);
                return Check(text, key, options);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (buffer.Length > MaxResponseHeadSize)
            {
                throw new WebSocketHandshakeException("The handshake response head is too large.");
            }

            if (result.IsCompleted)
            {
                throw new WebSocketHandshakeException("The server closed the connection during the handshake.");
            }
        }
    }

    private static string? Check(string head, string key, WebSocketClientOptions options)
    {
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], out var statusCode))
        {
            throw new WebSocketHandshakeException($"Not an HTTP response: '{lines[0]}'.");
        }

        if (statusCode != 101)
        {
            throw new WebSocketHandshakeException($"The server answered {statusCode} instead of 101.", statusCode);
        }

        string? upgrade = null, connection = null, accept = null, protocol = null, extensions = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new WebSocketHandshakeException($"Malformed header line '{lines[i]}'.", statusCode);
            }

            var name = lines[i][..colon].Trim();
            var value = lines[i][(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                upgrade = value;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                connection = connection is null ? value : $"{connection}, {value}";
            }
            else if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept = value;
            }
            else if (name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase))
            {
                protocol = value;
            }
            else if (name.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase))
            {
                extensions = value;
            }
        }

        if (!WebSocketHandshake.ContainsToken(upgrade, "websocket") || !WebSocketHandshake.ContainsToken(connection, "upgrade"))
        {
            throw new WebSocketHandshakeException("The 101 response lacks Upgrade: websocket or Connection: Upgrade.", statusCode);
        }

        if (accept != WebSocketHandshake.ComputeAccept(key))
        {
            throw new WebSocketHandshakeException("Sec-WebSocket-Accept does not match the key.", statusCode);
        }

        if (!string.IsNullOrEmpty(extensions))
        {
            throw new WebSocketHandshakeException($"The server selected extension '{extensions}', which was not offered.", statusCode);
        }

        if (string.IsNullOrEmpty(protocol))
        {
            return null;
        }

        if (!options.SubProtocols.Contains(protocol))
        {
            throw new WebSocketHandshakeException($"The server selected subprotocol '{protocol}', which was not offered.", statusCode);
        }

        return protocol;
    }
}
