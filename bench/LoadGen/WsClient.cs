using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// A client-role WebSocket on a raw <see cref="Socket"/>: the opening handshake, an incremental frame
/// parser over one receive buffer, and an outbound batch that one receive loop fills and flushes
/// with a single send. Sends from other tasks go through <see cref="SendAsync"/>, serialized by a lock.
/// </summary>
internal sealed class WsClient
{
    private const int MaxMessageSize = 16 * 1024 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _receive;
    private int _start;
    private int _end;
    private long _reads;
    private byte[] _fragments = [];
    private int _fragmentLength;
    private bool _inFragmentedMessage;
    private byte[] _batch;
    private int _batchLength;

    private WsClient(Socket socket, int bufferSize)
    {
        _socket = socket;
        _receive = new byte[bufferSize];
        _batch = new byte[Math.Max(256, bufferSize / 2)];
    }

    /// <summary>True once the server sent a close frame or ended the stream.</summary>
    public bool Closed { get; private set; }

    /// <summary>Socket reads that brought data (after the handshake): how many writes of the server's arrived apart, at most.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <param name="source">The local address to connect from (its port chosen by the kernel); null: the kernel's choice.</param>
    public static async Task<WsClient> ConnectAsync(IPEndPoint endpoint, string pathAndQuery, int bufferSize, CancellationToken cancellationToken,
        IPAddress? source = null)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var client = new WsClient(socket, bufferSize);
        try
        {
            if (source is not null)
            {
                BindSource(socket, source);
            }

            await socket.ConnectAsync(endpoint, cancellationToken);
            await client.HandshakeAsync(endpoint, pathAndQuery, cancellationToken);
            return client;
        }
        catch
        {
            client.Abort();
            throw;
        }
    }

    /// <summary>
    /// Binds to <paramref name="source"/> with the port left to connect (Linux' IP_BIND_ADDRESS_NO_PORT), which picks
    /// one free for this destination: bind alone would reserve a port per address across all destinations.
    /// </summary>
    private static void BindSource(Socket socket, IPAddress source)
    {
        const int IPBindAddressNoPort = 24;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IPBindAddressNoPort, BitConverter.GetBytes(1));
            }
            catch (SocketException)
            {
                // A kernel before 4.2: bind picks the port, which still leaves each address a whole range.
            }
        }

        socket.Bind(new IPEndPoint(source, 0));
    }

    private async Task HandshakeAsync(IPEndPoint endpoint, string pathAndQuery, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {endpoint}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await SendRawAsync(Encoding.ASCII.GetBytes(request), cancellationToken);

        int headerEnd;
        while ((headerEnd = _receive.AsSpan(0, _end).IndexOf(HeaderEnd)) < 0)
        {
            if (_end == _receive.Length)
            {
                throw new IOException("The handshake response headers are too long.");
            }

            var read = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The server closed the connection during the handshake.");
            }

            _end += read;
        }

        var head = Encoding.ASCII.GetString(_receive, 0, headerEnd);
        _start = headerEnd + HeaderEnd.Length;
        var lines = head.Split("\r\n");
        if (!lines[0].StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new IOException($"The server refused the WebSocket upgrade: {lines[0]}");
        }

        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))
            {
                if (line.AsSpan(colon + 1).Trim().SequenceEqual(expected))
                {
                    return;
                }

                throw new IOException("The server answered a wrong Sec-WebSocket-Accept.");
            }
        }

        throw new IOException("The server answered no Sec-WebSocket-Accept.");
    }

    /// <summary>
    /// The next complete data message already in the receive buffer. Pings are answered (into the
    /// batch) and skipped. The payload stays valid until the next <see cref="FillAsync"/>.
    /// </summary>
    public bool TryReadMessage(out ReadOnlyMemory<byte> message)
    {
        while (true)
        {
            message = default;
            var available = _end - _start;
            if (available < 2 || Closed)
            {
                return false;
            }

            var first = _receive[_start];
            var second = _receive[_start + 1];
            if ((second & 0x80) != 0)
            {
                throw new IOException("The server sent a masked frame.");
            }

            var opcode = (byte)(first & 0x0F);
            var final = (first & 0x80) != 0;
            long length = second & 0x7F;
            var header = 2;
            if (length == 126)
            {
                header = 4;
                if (available < header)
                {
                    return false;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(_receive.AsSpan(_start + 2));
            }
            else if (length == 127)
            {
                header = 10;
                if (available < header)
                {
                    return false;
                }

                length = (long)BinaryPrimitives.ReadUInt64BigEndian(_receive.AsSpan(_start + 2));
            }

            if (length > MaxMessageSize)
            {
                throw new IOException($"The server sent a frame of {length} bytes.");
            }

            if (available < header + length)
            {
                return false;
            }

            var payload = _receive.AsMemory(_start + header, (int)length);
            _start += header + (int)length;
            switch (opcode)
            {
                case ClientFrame.Text or ClientFrame.Binary when final && !_inFragmentedMessage:
                    message = payload;
                    return true;
                case ClientFrame.Text or ClientFrame.Binary when !_inFragmentedMessage:
                    _inFragmentedMessage = true;
                    _fragmentLength = 0;
                    AppendFragment(payload.Span);
                    break;
                case 0x0 when _inFragmentedMessage:
                    AppendFragment(payload.Span);
                    if (final)
                    {
                        _inFragmentedMessage = false;
                        message = _fragments.AsMemory(0, _fragmentLength);
                        return true;
                    }

                    break;
                case ClientFrame.Ping:
                    AppendFrame(ClientFrame.Pong, payload.Span);
                    break;
                case ClientFrame.Pong:
                    break;
                case ClientFrame.Close:
                    Closed = true;
                    return false;
                default:
                    throw new IOException($"The server sent an unexpected frame (opcode {opcode}).");
            }
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> fragment)
    {
        if (_fragmentLength + fragment.Length > _fragments.Length)
        {
            Array.Resize(ref _fragments, Math.Max(_fragments.Length * 2, _fragmentLength + fragment.Length));
        }

        fragment.CopyTo(_fragments.AsSpan(_fragmentLength));
        _fragmentLength += fragment.Length;
    }

    /// <summary>Reads more bytes into the receive buffer; false when the server ended the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_receive.Length - _end < _receive.Length / 4)
        {
            // Move the partial frame to the front; grow when it alone fills the buffer.
            var pending = _end - _start;
            if (pending > _receive.Length / 2)
            {
                var larger = new byte[_receive.Length * 2];
                _receive.AsSpan(_start, pending).CopyTo(larger);
                _receive = larger;
            }
            else
            {
                _receive.AsSpan(_start, pending).CopyTo(_receive);
            }

            _start = 0;
            _end = pending;
        }

        var read = await _socket.ReceiveAsync(_receive.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (read == 0)
        {
            Closed = true;
            return false;
        }

        _end += read;
        Interlocked.Increment(ref _reads);
        return true;
    }

    /// <summary>Frames one text message into the outbound batch (flushed by <see cref="FlushAsync"/>).</summary>
    public void AppendText(ReadOnlySpan<byte> message) => AppendFrame(ClientFrame.Text, message);

    private void AppendFrame(byte opcode, ReadOnlySpan<byte> payload)
    {
        var needed = _batchLength + ClientFrame.MaxHeaderSize + payload.Length;
        if (needed > _batch.Length)
        {
            Array.Resize(ref _batch, Math.Max(_batch.Length * 2, needed));
        }

        _batchLength += ClientFrame.Write(_batch.AsSpan(_batchLength), opcode, payload);
    }

    /// <summary>Sends everything batched so far in one write.</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_batchLength == 0)
        {
            return;
        }

        var length = _batchLength;
        _batchLength = 0;
        await SendAsync(_batch.AsMemory(0, length), cancellationToken);
    }

    /// <summary>Sends already-framed bytes; safe to call from any task.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await SendRawAsync(frames, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Ends the connection with a reset: no close handshake and no TIME_WAIT left behind.</summary>
    public void Abort()
    {
        Closed = true;
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed by the peer, or aborted before (the scale scenario closes some connections early).
        }

        _socket.Dispose();
    }
}
