using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// The connection the HTTP server is handed in the fast path's pipeline mode: the host's connection seen through
/// pipes that pass everything through until the Socket.IO endpoint takes the connection for its WebSocket
/// (<see cref="IConnectionTakeoverFeature"/>). From then on the HTTP server's side goes nowhere: what it writes is
/// dropped, its reads find the input ended, its completes and aborts are ignored, and its heartbeat registration no
/// longer reaches it. So its HTTP/1.1 connection ends as after a last response, and nothing the host keeps for the
/// connection still refers to the HTTP server's connection and request objects, which are collected while the
/// WebSocket runs on the host's connection.
/// </summary>
internal sealed class HttpTakeoverConnection : ConnectionContext, IConnectionTakeoverFeature, IConnectionHeartbeatFeature
{
    private readonly ConnectionContext _host;
    private readonly ExecutionContext? _hostExecutionContext;
    private readonly FeatureCollection _features;
    private HeartbeatRelay? _heartbeat;
    private Func<Task>? _starting;
    private Task? _started;
    private Task? _adopted;
    private volatile bool _isTakenOver;

    /// <summary>The view of <paramref name="host"/> for the HTTP server; made in the connection middleware, whose execution context the WebSocket then runs in.</summary>
    public HttpTakeoverConnection(ConnectionContext host)
    {
        _host = host;
        _hostExecutionContext = ExecutionContext.Capture();
        _features = new FeatureCollection(host.Features);
        _features.Set<IConnectionTakeoverFeature>(this);
        _features.Set<IConnectionHeartbeatFeature>(this);
        Transport = new TakeoverDuplexPipe(host.Transport, this);
    }

    /// <summary>True once the Socket.IO endpoint took the connection: the HTTP server's side of the view goes nowhere.</summary>
    public bool IsTakenOver => _isTakenOver;

    /// <summary>What runs the WebSocket once the HTTP server let go; null when the connection was not taken.</summary>
    public Task? Adopted => _adopted;

    public override IDuplexPipe Transport { get; set; }

    public override string ConnectionId
    {
        get => _host.ConnectionId;
        set => _host.ConnectionId = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _host.Items;
        set => _host.Items = value;
    }

    public override CancellationToken ConnectionClosed
    {
        get => _host.ConnectionClosed;
        set => _host.ConnectionClosed = value;
    }

    public override EndPoint? LocalEndPoint
    {
        get => _host.LocalEndPoint;
        set => _host.LocalEndPoint = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => _host.RemoteEndPoint;
        set => _host.RemoteEndPoint = value;
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        // Once taken, an abort from the HTTP server (a timeout of its own, its end) is not the WebSocket's.
        if (!_isTakenOver)
        {
            _host.Abort(abortReason);
        }
    }

    public override void Abort()
    {
        if (!_isTakenOver)
        {
            _host.Abort();
        }
    }

    // The host disposes its own connection when its middleware returns.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public WebSocketDuplex? TryTakeOver(HttpContext context, bool sendNow)
    {
        // A response that started (a middleware wrote before the endpoint ran) went out through the HTTP server already.
        var output = _host.Transport.Output;
        if (_isTakenOver || context.Response.HasStarted || !TryWriteSwitchingProtocols(context.Response.Headers, output))
        {
            return null;
        }

        _isTakenOver = true;

        if (sendNow)
        {
            // The client of an upgrade sends its probe only once it has the 101. A fresh connection's output is empty,
            // far below the size at which a flush waits for the socket, so this completes here; waiting for it
            // otherwise keeps the order all the same (nothing else writes to the connection before the WebSocket owns it).
            var flush = output.FlushAsync();
            if (!flush.IsCompleted)
            {
                flush.AsTask().GetAwaiter().GetResult();
            }
        }

        // The HTTP server sees a last response (dropped) and ends its connection without reading another request.
        context.Response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        context.Response.Headers.Connection = "close";
        return new HostConnectionDuplex(_host);
    }

    public Task Run(Func<Task> start)
    {
        Task run;
        if (_hostExecutionContext is null)
        {
            run = start();
        }
        else
        {
            // This connection is the callback's state: nothing is allocated to carry the start in and its task out.
            _starting = start;
            ExecutionContext.Run(_hostExecutionContext, static state => ((HttpTakeoverConnection)state!).RunStarting(), this);
            run = _started!;
            _started = null;
        }

        if (!_isTakenOver)
        {
            return run;
        }

        _adopted = run;
        return Task.CompletedTask;
    }

    private void RunStarting()
    {
        var start = _starting!;
        _starting = null;
        _started = start();
    }

    /// <summary>The HTTP server let go of the connection: its heartbeat callback (which would keep its connection object alive) is cut.</summary>
    public void ReleaseHttpServer() => Interlocked.Exchange(ref _heartbeat, null)?.Cut();

    void IConnectionHeartbeatFeature.OnHeartbeat(Action<object> action, object state)
    {
        // Kestrel's HTTP connection registers one callback and never unregisters it: it goes through a relay that is
        // cut once the connection is taken. A second registration (none known) goes straight to the host.
        var relay = new HeartbeatRelay(action, state);
        if (Interlocked.CompareExchange(ref _heartbeat, relay, null) is null)
        {
            _host.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(static relay => ((HeartbeatRelay)relay).Beat(), relay);
        }
        else
        {
            _host.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(action, state);
        }
    }

    /// <summary>
    /// Writes <c>101 Switching Protocols</c> with the response's headers (the WebSocket's, and whatever the pipeline
    /// added: CORS, cookies) to <paramref name="output"/>, unflushed.
    /// False, with nothing written, when a header value is not plain ASCII text.
    /// </summary>
    private static bool TryWriteSwitchingProtocols(IHeaderDictionary headers, PipeWriter output)
    {
        var length = StatusLine.Length + 2;
        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                if (value is null || !IsHeaderText(header.Key) || !IsHeaderText(value))
                {
                    return false;
                }

                length += header.Key.Length + 2 + value.Length + 2;
            }
        }

        var span = output.GetSpan(length);
        var written = Encoding.ASCII.GetBytes(StatusLine, span);
        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                written += Encoding.ASCII.GetBytes(header.Key, span[written..]);
                span[written++] = (byte)':';
                span[written++] = (byte)' ';
                written += Encoding.ASCII.GetBytes(value!, span[written..]);
                span[written++] = (byte)'\r';
                span[written++] = (byte)'\n';
            }
        }

        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        output.Advance(written);
        return true;
    }

    private const string StatusLine = "HTTP/1.1 101 Switching Protocols\r\n";

    /// <summary>Visible ASCII, spaces and tabs: nothing that could end a header line or the head.</summary>
    private static bool IsHeaderText(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' and not '\t' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One heartbeat callback of the HTTP server, passed on until <see cref="Cut"/>.</summary>
    private sealed class HeartbeatRelay(Action<object> action, object state)
    {
        private Action<object>? _action = action;
        private object? _state = state;

        public void Beat()
        {
            var action = Volatile.Read(ref _action);
            var state = Volatile.Read(ref _state);
            if (action is not null && state is not null)
            {
                action(state);
            }
        }

        public void Cut()
        {
            Volatile.Write(ref _action, null);
            Volatile.Write(ref _state, null);
        }
    }
}
