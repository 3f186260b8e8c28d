using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TypedSockets.WebSockets;

/// <summary>Opens client-role connections over TCP (ws://) or TLS (wss://).</summary>
public static class WebSocketClient
{
    /// <summary>
    /// Connects, performs the opening handshake with a fresh random key and checks the 101 response
    /// (<c>Sec-WebSocket-Accept</c>, subprotocol, no extension). Throws <see cref="WebSocketHandshakeException"/>
    /// when the server refuses, or on <see cref="WebSocketClientOptions.ConnectTimeout"/>.
    /// </summary>
    public static async ValueTask<WebSocketConnection> ConnectAsync(Uri uri, WebSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        options ??= new WebSocketClientOptions();
        WebSocketOptionsValidator.ThrowIfInvalid(options, nameof(options));
        var secure = uri.Scheme switch
        {
            "ws" or "http" => false,
            "wss" or "https" => true,
            _ => throw new ArgumentException($"Unsupported scheme '{uri.Scheme}'; use ws:// or wss://.", nameof(uri)),
        };
        var logger = options.LoggerFactory?.CreateLogger(WebSocketLog.Category) ?? NullLogger.Instance;

        using var timeout = new CancellationTokenSource(options.ConnectTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(uri.IdnHost, uri.Port), linked.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (secure)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = uri.IdnHost,
                        RemoteCertificateValidationCallback = options.RemoteCertificateValidationCallback,
                    },
                    linked.Token).ConfigureAwait(false);
            }

            var key = WebSocketHandshake.CreateKey();
            await stream.WriteAsync(WebSocketClientHandshake.CreateRequest(uri, key, options), linked.Token).ConfigureAwait(false);
            var input = WebSocketDuplex.CreateReader(stream);
            var subProtocol = await WebSocketClientHandshake.ReadResponseAsync(input, key, options, linked.Token).ConfigureAwait(false);
            return new WebSocketConnection(new WebSocketDuplex(stream, input), isServer: false, subProtocol, options, logger);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Dispose(stream, socket);
            throw new WebSocketHandshakeException($"No WebSocket connection to {uri} within {options.ConnectTimeout}.");
        }
        catch
        {
            Dispose(stream, socket);
            throw;
        }
    }

    private static void Dispose(Stream? stream, Socket socket)
    {
        stream?.Dispose();
        socket.Dispose();
    }
}
