using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// A byte-level client over a raw TCP socket: writes hand-made requests and hex frames, reads the
/// server's frames one by one, and sees exactly when TCP closes.
/// </summary>
internal sealed class RawWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly Queue<byte> _buffered = new();

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="receiveBufferSize">A small kernel receive buffer makes the server's writes wait as soon as this client stops reading.</param>
    public static async Task<RawWebSocketClient> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        if (receiveBufferSize is { } size)
        {
            tcp.ReceiveBufferSize = size;
        }

        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawWebSocketClient(tcp);
    }

    /// <summary>Connects and completes a valid handshake on <paramref name="path"/>.</summary>
    public static async Task<RawWebSocketClient> OpenAsync(int port, string path = "/echo")
    {
        var client = await ConnectAsync(port);
        var (status, _) = await client.HandshakeAsync(ValidRequest(path, port));
        Assert.Equal(101, status);
        return client;
    }

    public static string ValidRequest(string path, int port, string? extraHeaders = null) =>
        $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";

    /// <summary>Sends a request head and returns the response status and head.</summary>
    public async Task<(int Status, string Head)> HandshakeAsync(string request)
    {
        await SendAsync(Encoding.ASCII.GetBytes(request));
        return await ReadResponseHeadAsync();
    }

    /// <summary>Reads a response head (of a request sent with <see cref="SendAsync"/>) and returns its status and text.</summary>
    public async Task<(int Status, string Head)> ReadResponseHeadAsync()
    {
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            head.Append((char)await ReadByteAsync());
        }

        var text = head.ToString();
        return (int.Parse(text.Split(' ')[1]), text);
    }

    public Task SendHexAsync(string hex) => SendAsync(Hex.Parse(hex));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Reads one unmasked server frame.</summary>
    public async Task<(int Opcode, bool Fin, byte[] Payload)> ReadFrameAsync()
    {
        var first = await ReadByteAsync();
        var second = await ReadByteAsync();
        Assert.True((second & 0x80) == 0, "server frames must not be masked");
        long length = second & 0x7F;
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(2));
        }
        else if (length == 127)
        {
            length = BinaryPrimitives.ReadInt64BigEndian(await ReadExactlyAsync(8));
        }

        return (first & 0x0F, (first & 0x80) != 0, await ReadExactlyAsync((int)length));
    }

    /// <summary>Reads the server's close frame and returns its code (null when it had none).</summary>
    public async Task<int?> ReadCloseCodeAsync()
    {
        var (opcode, _, payload) = await ReadFrameAsync();
        Assert.Equal(0x8, opcode);
        return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : null;
    }

    /// <summary>True when the server closed TCP (end of stream) within the timeout, after nothing else arrived.</summary>
    public async Task<bool> ReadsEndOfStreamAsync()
    {
        if (_buffered.Count > 0)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[1];
        try
        {
            return await _stream.ReadAsync(buffer, timeout.Token) == 0;
        }
        catch (IOException)
        {
            // A reset instead of an orderly close.
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = await ReadByteAsync();
        }

        return bytes;
    }

    private async Task<byte> ReadByteAsync()
    {
        if (_buffered.Count == 0)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var chunk = new byte[64 * 1024];
            var read = await _stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            foreach (var b in chunk.AsSpan(0, read))
            {
                _buffered.Enqueue(b);
            }
        }

        return _buffered.Dequeue();
    }
}
