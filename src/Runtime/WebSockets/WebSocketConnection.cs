using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace TypedSockets.WebSockets;

/// <summary>
/// One RFC 6455 connection in the server or the client role, framed over a stream with
/// System.IO.Pipelines. One reader at a time calls <see cref="ReceiveAsync"/>; sends from any thread are
/// serialized. Protocol errors close the connection with the mapped close code; pings are answered
/// while receiving.
/// </summary>
public sealed partial class WebSocketConnection : IAsyncDisposable
{
    // Large enough that a 64 KiB message arrives in a few reads, small enough for many idle connections.
    private const int ReadBufferSize = 16 * 1024;
    private const int WriteBufferSize = 4096;

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly bool _isServer;
    private readonly bool _ownsStream;
    private readonly Action _abortTransport;
    private readonly WebSocketFrameParser _parser;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closedSource = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _receiving;
    private int _closeSent;
    private int _closeReceived;
    private int _closed;

    /// <param name="stream">The upgraded stream (server) or the TCP/TLS stream (client).</param>
    /// <param name="input">A reader already created over <paramref name="stream"/> (holding bytes read past the handshake), or null.</param>
    /// <param name="isServer">The role: a server reads masked frames and writes unmasked ones.</param>
    /// <param name="subProtocol">The negotiated subprotocol.</param>
    /// <param name="options">Limits and timers.</param>
    /// <param name="logger">Where protocol errors are logged.</param>
    /// <param name="abortTransport">Drops the transport at once; null disposes <paramref name="stream"/>.</param>
    /// <param name="ownsStream">True when the connection disposes <paramref name="stream"/> once closed; false when the host does.</param>
    internal WebSocketConnection(
        Stream stream,
        PipeReader? input,
        bool isServer,
        string? subProtocol,
        WebSocketOptions options,
        ILogger logger,
        Action? abortTransport,
        bool ownsStream)
    {
        _stream = stream;
        _input = input ?? PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferSize, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: WriteBufferSize, leaveOpen: true));
        _isServer = isServer;
        _ownsStream = ownsStream;
        _abortTransport = abortTransport ?? stream.Dispose;
        _parser = new WebSocketFrameParser(expectMasked: isServer, options.MaxMessageSize);
        _closeTimeout = options.CloseTimeout;
        _timeProvider = options.TimeProvider;
        _logger = logger;
        SubProtocol = subProtocol;
        StartKeepAlive(options.KeepAliveInterval, options.KeepAliveTimeout);
    }

    /// <summary>The close code: the peer's (1005 when its close frame had none), ours after a protocol error, or 1006 when the transport ended without a close.</summary>
    public WebSocketCloseCode? CloseStatus { get; private set; }

    /// <summary>The peer's close reason, if it gave one.</summary>
    public string? CloseDescription { get; private set; }

    /// <summary>The subprotocol agreed in the opening handshake, or null.</summary>
    public string? SubProtocol { get; }

    /// <summary>Cancelled when the connection has ended, whichever way it ended.</summary>
    public CancellationToken Closed => _closedSource.Token;

    /// <summary>True in the server role.</summary>
    internal bool IsServer => _isServer;

    /// <summary>Creates a connection over an already-open stream (tests and benchmarks); the connection owns the stream.</summary>
    internal static WebSocketConnection CreateFromStream(Stream stream, bool isServer, WebSocketOptions options, ILogger logger) =>
        new(stream, input: null, isServer, subProtocol: null, options, logger, abortTransport: null, ownsStream: true);

    /// <summary>Drops the connection at once, without a close handshake.</summary>
    public void Abort()
    {
        if (!MarkClosed(WebSocketCloseCode.AbnormalClosure))
        {
            return;
        }

        try
        {
            _abortTransport();
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }

        _input.CancelPendingRead();
        SignalClosed();
    }

    /// <summary>Closes normally if still open (waiting at most the close timeout), then releases the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Volatile.Read(ref _closed) == 0 && Volatile.Read(ref _closeSent) == 0)
        {
            try
            {
                await CloseAsync(WebSocketCloseCode.NormalClosure).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                WebSocketLog.TransportFailed(_logger, exception);
            }
        }

        Abort();
        StopKeepAlive();
        if (Interlocked.CompareExchange(ref _receiving, 1, 0) == 0)
        {
            _parser.Dispose();
        }
    }

    /// <summary>Records the end once; false when it had already ended.</summary>
    private bool MarkClosed(WebSocketCloseCode status)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        CloseStatus ??= status;
        StopKeepAlive();
        return true;
    }

    private void SignalClosed()
    {
        _finished.TrySetResult();
        try
        {
            _closedSource.Cancel();
        }
        catch (AggregateException exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }
}
