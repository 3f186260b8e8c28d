using System.Buffers.Text;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// One keep-alive HTTP/1.1 connection of a simulated browser, on a raw <see cref="Socket"/>: one request at a
/// time, with the headers Chrome sends for a same-origin <c>fetch</c>/XHR (the server parses all of them, as it
/// would for a browser), responses with <c>Content-Length</c> or chunked bodies, gzip/deflate bodies decoded
/// (servers compress polling responses for browsers, which always accept it).
/// </summary>
internal sealed class BrowserHttpConnection
{
    private const int MaxHeaderBytes = 16 * 1024;

    /// <summary>What Chrome adds to every same-origin request of a page (the request's own headers come first).</summary>
    private static readonly byte[] BrowserHeaders = Encoding.ASCII.GetBytes(
        "Connection: keep-alive\r\n" +
        "sec-ch-ua-platform: \"Linux\"\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n" +
        "sec-ch-ua: \"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n" +
        "sec-ch-ua-mobile: ?0\r\n" +
        "Accept: */*\r\n" +
        "Sec-Fetch-Site: same-origin\r\n" +
        "Sec-Fetch-Mode: cors\r\n" +
        "Sec-Fetch-Dest: empty\r\n" +
        "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
        "Accept-Language: en-US,en;q=0.9\r\n");

    private readonly Socket _socket;
    private readonly byte[] _hostLines;
    private byte[] _request = new byte[1024];
    private byte[] _receive = new byte[8192];
    private int _start;
    private int _end;
    private byte[] _body = new byte[4096];

    private BrowserHttpConnection(Socket socket, IPEndPoint endpoint)
    {
        _socket = socket;
        // Same origin: the page was served from the endpoint itself.
        _hostLines = Encoding.ASCII.GetBytes($"Host: {endpoint}\r\nReferer: http://{endpoint}/\r\n");
        Origin = Encoding.ASCII.GetBytes($"Origin: http://{endpoint}\r\n");
    }

    /// <summary>The <c>Origin</c> line a browser adds to a POST, even a same-origin one.</summary>
    public byte[] Origin { get; }

    public static async Task<BrowserHttpConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new BrowserHttpConnection(socket, endpoint);
    }

    /// <summary>True after a response said <c>Connection: close</c> or the server ended the stream: open a new one.</summary>
    public bool Closed { get; private set; }

    /// <summary>
    /// Sends one request and reads its whole response. <paramref name="headers"/> are extra header lines (each ending
    /// in CRLF); a body gets its <c>Content-Length</c>. The returned body stays valid until the next request.
    /// </summary>
    public async Task<(int Status, ReadOnlyMemory<byte> Body)> SendAsync(string method, string pathAndQuery, ReadOnlyMemory<byte> headers,
        ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var length = WriteRequest(method, pathAndQuery, headers.Span, body.Span);
        var request = _request.AsMemory(0, length);
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None, cancellationToken);
            request = request[sent..];
        }

        return await ReadResponseAsync(method == "HEAD", cancellationToken);
    }

    private int WriteRequest(string method, string pathAndQuery, ReadOnlySpan<byte> headers, ReadOnlySpan<byte> body)
    {
        var needed = method.Length + pathAndQuery.Length + _hostLines.Length + BrowserHeaders.Length + headers.Length + body.Length + 64;
        if (needed > _request.Length)
        {
            _request = new byte[Math.Max(needed, _request.Length * 2)];
        }

        var span = _request.AsSpan();
        var length = Encoding.ASCII.GetBytes(method, span);
        span[length++] = (byte)' ';
        length += Encoding.ASCII.GetBytes(pathAndQuery, span[length..]);
        length += Append(span[length..], " HTTP/1.1\r\n"u8);
        length += Append(span[length..], _hostLines);
        if (method != "GET")
        {
            length += Append(span[length..], "Content-Length: "u8);
            body.Length.TryFormat(span[length..], out var digits);
            length += digits;
            length += Append(span[length..], "\r\n"u8);
        }

        length += Append(span[length..], headers);
        length += Append(span[length..], BrowserHeaders);
        length += Append(span[length..], "\r\n"u8);
        length += Append(span[length..], body);
        return length;
    }

    private async Task<(int Status, ReadOnlyMemory<byte> Body)> ReadResponseAsync(bool headOnly, CancellationToken cancellationToken)
    {
        int headerEnd;
        while ((headerEnd = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_end - _start > MaxHeaderBytes)
            {
                throw new IOException("The response headers are too long.");
            }

            await FillAsync(cancellationToken);
        }

        ReadOnlySpan<byte> head = _receive.AsSpan(_start, headerEnd);
        _start += headerEnd + 4;
        var status = ParseStatus(head);
        long contentLength = -1;
        var chunked = false;
        var encoding = ContentEncoding.Identity;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new IOException("The response has an invalid Content-Length.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Encoding"u8))
            {
                encoding = Ascii.EqualsIgnoreCase(value, "gzip"u8) ? ContentEncoding.Gzip
                    : Ascii.EqualsIgnoreCase(value, "deflate"u8) ? ContentEncoding.Deflate
                    : Ascii.EqualsIgnoreCase(value, "identity"u8) ? ContentEncoding.Identity
                    : throw new IOException($"The response uses Content-Encoding {Encoding.ASCII.GetString(value)}.");
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                Closed = true;
            }
        }

        var bodyLength = 0;
        if (headOnly || status is 204 or 304 || (status >= 100 && status < 200))
        {
            bodyLength = 0;
        }
        else if (chunked)
        {
            bodyLength = await ReadChunkedAsync(cancellationToken);
        }
        else if (contentLength >= 0)
        {
            bodyLength = await ReadExactlyAsync((int)contentLength, cancellationToken);
        }
        else
        {
            throw new IOException("The response has neither Content-Length nor chunked encoding.");
        }

        return (status, encoding == ContentEncoding.Identity ? _body.AsMemory(0, bodyLength) : Decompress(bodyLength, encoding));
    }

    private static int ParseStatus(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1.1 "u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new IOException("The response has no valid status line.");
        }

        return status;
    }

    private async Task<int> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        EnsureBody(length);
        var copied = 0;
        while (copied < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(length - copied, _end - _start);
            _receive.AsSpan(_start, take).CopyTo(_body.AsSpan(copied));
            _start += take;
            copied += take;
        }

        return length;
    }

    private async Task<int> ReadChunkedAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(cancellationToken);
            }

            var sizeText = _receive.AsSpan(_start, lineEnd);
            var extension = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(extension >= 0 ? sizeText[..extension] : sizeText, out uint chunkSize, out _, 'x') || chunkSize > int.MaxValue)
            {
                throw new IOException("The response has an invalid chunk size.");
            }

            _start += lineEnd + 2;
            var size = (int)chunkSize;
            if (size == 0)
            {
                // Trailers (none expected) end with an empty line.
                while ((lineEnd = _receive.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) != 0)
                {
                    if (lineEnd > 0)
                    {
                        _start += lineEnd + 2;
                        continue;
                    }

                    await FillAsync(cancellationToken);
                }

                _start += 2;
                return length;
            }

            EnsureBody(length + size);
            var copied = 0;
            while (copied < size)
            {
                if (_start == _end)
                {
                    await FillAsync(cancellationToken);
                }

                var take = Math.Min(size - copied, _end - _start);
                _receive.AsSpan(_start, take).CopyTo(_body.AsSpan(length + copied));
                _start += take;
                copied += take;
            }

            length += size;
            while (_end - _start < 2)
            {
                await FillAsync(cancellationToken);
            }

            _start += 2;
        }
    }

    private void EnsureBody(int length)
    {
        if (length > _body.Length)
        {
            Array.Resize(ref _body, Math.Max(length, _body.Length * 2));
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _receive.Length)
        {
            var pending = _end - _start;
            if (pending > _receive.Length / 2)
            {
                Array.Resize(ref _receive, _receive.Length * 2);
            }

            _receive.AsSpan(_start, pending).CopyTo(_receive);
            _start = 0;
            _end = pending;
        }

        var read = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            Closed = true;
            throw new IOException("The server closed the HTTP connection before the whole response.");
        }

        _end += read;
    }

    private ReadOnlyMemory<byte> Decompress(int length, ContentEncoding encoding)
    {
        using var input = new MemoryStream(_body, 0, length, writable: false);
        using Stream decoder = encoding == ContentEncoding.Gzip
            ? new GZipStream(input, CompressionMode.Decompress)
            : new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(length * 4);
        decoder.CopyTo(output);
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>Ends the connection with a reset: no TIME_WAIT left behind on the generator's ports.</summary>
    public void Abort()
    {
        Closed = true;
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _socket.Dispose();
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination);
        return bytes.Length;
    }

    private enum ContentEncoding
    {
        Identity,
        Gzip,
        Deflate,
    }
}
