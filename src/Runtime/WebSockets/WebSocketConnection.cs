using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using TypedSockets.Threading;

namespace TypedSockets.WebSockets;

/// <summary>
/// One RFC 6455 connection in the server or the client role, framed over a stream with
/// System.IO.Pipelines. One reader at a time calls <see cref="ReceiveAsync"/>; sends from any thread are
/// serialized. Protocol errors close the connection with the mapped close code; pings are answered
/// while receiving.
/// </summary>
public sealed partial class WebSocketConnection : IAsyncDisposable
{
    private readonly WebSocketDuplex _duplex;
    private readonly PipeReader _input;
    private readonly StreamFrameWriter _output;
    private readonly bool _isServer;
    private readonly WebSocketFrameParser _parser;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly AsyncLock _sendLock = new();

    // Created when first asked for (an idle server connection never is), completed by SignalClosed once _ended is 1.
    private CancellationTokenSource? _closedSource;
    private TaskCompletionSource? _finished;

    // The unconsumed part of the last read; the pipe is advanced only when more input is needed, so
    // many frames are parsed per read and a payload parsed in place stays valid until the next receive.
    private ReadOnlySequence<byte> _buffer;

    // The unparsed rest of the buffer's first segment, and how much the fast path took from it since
    // _buffer was last sliced: slicing a sequence per small message costs more than parsing it.
    private Memory<byte> _first;
    private int _firstConsumed;
    private bool _hasBuffer;
    private bool _inputCompleted;

    // Who reads the input: nobody (0), ReceiveAsync, or CloseAsync waiting for the peer's close.
    private const int ReceivingByReceive = 1;
    private const int ReceivingByClose = 2;

    private int _receiving;
    private int _closeSent;
    private int _closeReceived;
    private int _closed;
    private int _ended;

    internal WebSocketConnection(WebSocketDuplex duplex, bool isServer, string? subProtocol, WebSocketConnectionOptions options, ILogger logger)
    {
        _duplex = duplex;
        _input = duplex.Input;
        _output = duplex.Output;
        _isServer = isServer;
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
    public CancellationToken Closed => (Volatile.Read(ref _closedSource) ?? InitializeClosedSource()).Token;

    /// <summary>Completes once the connection has ended (after <see cref="SignalClosed"/>).</summary>
    private Task Finished => (Volatile.Read(ref _finished) ?? InitializeFinished()).Task;

    /// <summary>Creates a connection over an already-open stream (tests and benchmarks); the connection owns the stream.</summary>
    internal static WebSocketConnection CreateFromStream(Stream stream, bool isServer, WebSocketConnectionOptions options, ILogger logger) =>
        new(new WebSocketDuplex(stream), isServer, subProtocol: null, options, logger);

    /// <summary>Drops the connection at once, without a close handshake.</summary>
    public void Abort()
    {
        if (!MarkClosed(WebSocketCloseCode.AbnormalClosure))
        {
            return;
        }

        try
        {
            _duplex.Abort();
            _input.CancelPendingRead();
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }

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
        if (Interlocked.CompareExchange(ref _receiving, ReceivingByClose, 0) == 0)
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
        // A full fence before the fields are read: an initializer that published after this reads _ended as 1.
        Interlocked.Exchange(ref _ended, 1);
        Volatile.Read(ref _finished)?.TrySetResult();
        CancelClosed(Volatile.Read(ref _closedSource));
    }

    private void CancelClosed(CancellationTokenSource? closed)
    {
        try
        {
            closed?.Cancel();
        }
        catch (AggregateException exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }

    private CancellationTokenSource InitializeClosedSource()
    {
        var created = new CancellationTokenSource();
        var current = Interlocked.CompareExchange(ref _closedSource, created, null) ?? created;
        if (Volatile.Read(ref _ended) != 0)
        {
            CancelClosed(current);
        }

        return current;
    }

    private TaskCompletionSource InitializeFinished()
    {
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = Interlocked.CompareExchange(ref _finished, created, null) ?? created;
        if (Volatile.Read(ref _ended) != 0)
        {
            current.TrySetResult();
        }

        return current;
    }
}
