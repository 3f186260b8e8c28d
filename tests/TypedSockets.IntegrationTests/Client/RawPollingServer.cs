using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TypedSockets.Tests.Client;

/// <summary>
/// A hostile "server" on a raw socket of 127.0.0.1 that speaks just enough HTTP/1.1 to answer long-polling requests
/// with the bodies a test chooses: the handshake GET (no sid), POSTs (<c>ok</c>), and polls with a sid. A poll it has
/// nothing for is left waiting.
/// </summary>
internal sealed class RawPollingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly byte[] _handshake;
    private readonly byte[]? _firstPoll;
    private int _polls;

    public RawPollingServer(string handshakeBody, string? firstPollBody = null)
    {
        _handshake = Encoding.UTF8.GetBytes(handshakeBody);
        _firstPoll = firstPollBody is null ? null : Encoding.UTF8.GetBytes(firstPollBody);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var stream = new NetworkStream(socket);
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                var contentLength = 0;
                foreach (var line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                var consumed = headEnd + 4 + contentLength;
                while (length < consumed)
                {
                    length += await stream.ReadAsync(buffer.AsMemory(length), _stop.Token);
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
                byte[]? body = head.StartsWith("POST", StringComparison.Ordinal) ? "ok"u8.ToArray()
                    : !head.Contains("sid=", StringComparison.Ordinal) ? _handshake
                    : Interlocked.Increment(ref _polls) == 1 ? _firstPoll
                    : null;
                if (body is null)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: {body!.Length}\r\n\r\n");
                await stream.WriteAsync(response, _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
