using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// A Kestrel connection middleware that looks at the first request of a connection before the HTTP server
/// does. A valid Engine.IO WebSocket handshake for a mapped endpoint is answered here and the session runs
/// straight on the connection's pipes, so the connection keeps none of the HTTP server's per-request state:
/// a new session (<c>GET &lt;path&gt;?EIO=4&amp;transport=websocket</c>, no <c>sid</c>), or the upgrade of a
/// polling session (with its <c>sid</c>, when that session can upgrade now). Anything else, including every
/// handshake this code would refuse, goes to the HTTP server with its bytes untouched, which answers it exactly
/// as without the fast path (status codes, error bodies, polling, an upgrade for an unknown or busy session).
/// In the pipeline mode (<see cref="FastPathOptions.HandshakesThroughPipeline"/>) it answers nothing itself: a
/// connection whose first request is such a handshake goes to the HTTP server as an <see cref="HttpTakeoverConnection"/>,
/// and the WebSocket the endpoint accepted runs here once the HTTP server let go of the connection.
/// </summary>
internal sealed class FastPathMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly FastPathRoutes _routes;
    private readonly TimeSpan _headersTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _webSocketLogger;
    private readonly bool _handshakesThroughPipeline;

    public FastPathMiddleware(ConnectionDelegate next, FastPathRoutes routes, TimeSpan headersTimeout, TimeProvider timeProvider, ILoggerFactory loggerFactory, bool handshakesThroughPipeline = false)
    {
        _next = next;
        _handshakesThroughPipeline = handshakesThroughPipeline;
        _routes = routes;
        _headersTimeout = headersTimeout;
        _timeProvider = timeProvider;
        _webSocketLogger = loggerFactory.CreateLogger(WebSocketLog.Category);
    }

    // The accept runs in a pooled frame that is given back once the session runs. When it completed without waiting
    // (the request head had arrived with the connection, the usual case), the host awaits the session's own task and
    // the connection keeps no frame of this middleware; otherwise one small frame that holds nothing but the awaits.
    public Task OnConnectionAsync(ConnectionContext connection)
    {
        var start = StartAsync(connection);
        return start.IsCompletedSuccessfully ? start.Result : AwaitStartAsync(start);
    }

    private static async Task AwaitStartAsync(ValueTask<Task> start)
    {
        // The parameter is a field of this frame: cleared, so the frame does not keep the pooled accept frame alive
        // (given back to the pool when awaited) for as long as the connection is open.
        var starting = start;
        start = default;
        var running = await starting.ConfigureAwait(false);
        await running.ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the connection to the HTTP server, or accepts it and opens its session; returns what runs it from then
    /// on (the session's transport releases the WebSocket when it ends).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Task> StartAsync(ConnectionContext connection)
    {
        if (!await WaitForDataAsync(connection.Transport.Input).ConfigureAwait(false))
        {
            return _next(connection);
        }

        if (_handshakesThroughPipeline)
        {
            if (!IsHandshake(connection))
            {
                return _next(connection);
            }

            // The HTTP server answers the handshake; when the endpoint accepted it, the connection is taken back once
            // the HTTP server let go, and what runs the WebSocket runs here. This frame is given back before that.
            var takeover = new HttpTakeoverConnection(connection);
            await _next(takeover).ConfigureAwait(false);
            takeover.ReleaseHttpServer();
            return takeover.Adopted ?? Task.CompletedTask;
        }

        if (TryAccept(connection) is not { } accepted)
        {
            return _next(connection);
        }

        if (accepted.Upgrading is { } session)
        {
            // The client sends its probe only once it has the 101: that goes out now, not with a first message.
            try
            {
                await connection.Transport.Output.FlushAsync().ConfigureAwait(false);
            }
            catch
            {
                session.AbandonUpgrade();
                await accepted.WebSocket.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            return accepted.Server.RunUpgradeAsync(session, accepted.WebSocket);
        }

        WebSocketTransport? transport = null;
        try
        {
            transport = await accepted.Server.OpenWebSocketSessionAsync(accepted.Handshake!, accepted.WebSocket, accepted.Admission).ConfigureAwait(false);
        }
        finally
        {
            if (transport is null)
            {
                await accepted.WebSocket.DisposeAsync().ConfigureAwait(false);
            }
        }

        return transport?.RunAsync() ?? Task.CompletedTask;
    }

    /// <summary>
    /// Waits until the first bytes arrived, leaving them unread (nothing consumed or examined, so the next read
    /// returns them at once); false when none came within the headers timeout.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitForDataAsync(PipeReader input)
    {
        if (input.TryRead(out var result))
        {
            input.AdvanceTo(result.Buffer.Start);
            return true;
        }

        // A client that says nothing gets the HTTP server's own timeouts after ours, as if we were not here.
        using var timeout = new CancellationTokenSource(_headersTimeout, _timeProvider);
        try
        {
            result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        input.AdvanceTo(result.Buffer.Start);
        return true;
    }

    /// <summary>
    /// Answers a handshake the fast path takes (the 101 is written; for a new session it goes out with the open
    /// packet in the session's first flush) and returns what runs the session; null, with nothing read, for anything else.
    /// </summary>
    private Accepted? TryAccept(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        if (!input.TryRead(out var result))
        {
            return null;
        }

        var buffer = result.Buffer;
        if (!TryMatch(connection, buffer.FirstSpan, out var server, out var head, out var request, out var mappedPath, out var crossOrigin, out var sessionId))
        {
            // Nothing was examined, so the HTTP server's first read returns these same bytes at once.
            input.AdvanceTo(buffer.Start);
            return null;
        }

        var output = connection.Transport.Output;
        if (!sessionId.Equals(default(Range)))
        {
            // The upgrade of a polling session: taken only when its one upgrade could be reserved here; otherwise the
            // HTTP endpoint answers (400 for an unknown sid, a closed WebSocket for a session that cannot upgrade now).
            var span = buffer.FirstSpan;
            if (server.TryReserveUpgrade(Encoding.ASCII.GetString(span[sessionId])) is not { } session)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            WriteSwitchingProtocols(output, span[request.Key], server.OriginPolicy, crossOrigin ? span[request.Origin] : default);
            input.AdvanceTo(buffer.GetPosition(head));
            return new Accepted(server, null, CreateWebSocket(connection, server), null, session);
        }

        // Over a per-address limit: step aside, nothing read; the HTTP endpoint refuses it with 429 in the same words.
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (!server.TryAdmit(address, out var admission))
        {
            input.AdvanceTo(buffer.Start);
            return null;
        }

        var headBytes = buffer.FirstSpan[..head].ToArray();
        input.AdvanceTo(buffer.GetPosition(head));
        WriteSwitchingProtocols(output, headBytes.AsSpan(request.Key), server.OriginPolicy, crossOrigin ? headBytes.AsSpan(request.Origin) : default);

        var path = Ascii.Equals(headBytes.AsSpan(request.Path), mappedPath) ? mappedPath : Encoding.ASCII.GetString(headBytes.AsSpan(request.Path));
        var handshake = new EngineHandshake(headBytes, request.Query, address, path);

        return new Accepted(server, handshake, CreateWebSocket(connection, server), admission, null);
    }

    /// <summary>True for a WebSocket handshake the fast path would take, with nothing read.</summary>
    private bool IsHandshake(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        if (!input.TryRead(out var result))
        {
            return false;
        }

        var matched = TryMatch(connection, result.Buffer.FirstSpan, out _, out _, out _, out _, out _, out _);
        input.AdvanceTo(result.Buffer.Start);
        return matched;
    }

    private WebSocketConnection CreateWebSocket(ConnectionContext connection, EngineServer server) =>
        new(new HostConnectionDuplex(connection), isServer: true, subProtocol: null, server.WebSocketOptions, _webSocketLogger);

    /// <summary>
    /// True for a WebSocket handshake the fast path takes, as far as the request head tells; <paramref name="sessionId"/>
    /// is the range of its <c>sid</c> in <paramref name="data"/> for an upgrade, <c>default</c> for a new session.
    /// </summary>
    private bool TryMatch(ConnectionContext connection, ReadOnlySpan<byte> data, out EngineServer server, out int headLength, out UpgradeRequestHead request, out string mappedPath, out bool crossOrigin, out Range sessionId)
    {
        server = null!;
        sessionId = default;
        headLength = 0;
        request = default;
        mappedPath = string.Empty;
        crossOrigin = false;

        // Most connections are decided by the request line alone; only a handshake for our path reads the headers.
        var lineEnd = data.IndexOf("\r\n"u8);
        if (lineEnd < 0 || !UpgradeRequestHead.TryParseRequestLine(data[..lineEnd], out var target))
        {
            return false;
        }

        var targetBytes = data[target];
        var question = targetBytes.IndexOf((byte)'?');
        if (question < 0 || _routes.Find(targetBytes[..question], out mappedPath) is not { } found || !EngineQuery.IsWebSocketRequest(targetBytes[(question + 1)..], out var sid))
        {
            return false;
        }

        // A head split over reads (or longer than a segment) is rare enough to leave to the HTTP server.
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        headLength = end + 4;
        var head = data[..headLength];
        if (!UpgradeRequestHead.TryParse(head, out request)
            || !found.Options.Transports.HasFlag(EngineTransports.WebSocket)
            || !WebSocketHandshake.ContainsToken(head[request.Upgrade], "websocket"u8)
            || !WebSocketHandshake.ContainsToken(head[request.Connection], "upgrade"u8)
            || !Ascii.Equals(head[request.Version], WebSocketHandshake.Version)
            || !WebSocketHandshake.IsValidKey(head[request.Key]))
        {
            return false;
        }

        if (request.HasOrigin)
        {
            var scheme = connection.Features.Get<ITlsConnectionFeature>() is null ? "http" : "https";
            if (!found.OriginPolicy.Allows(Encoding.ASCII.GetString(head[request.Origin]), scheme, Encoding.ASCII.GetString(head[request.Host]), out crossOrigin))
            {
                return false;
            }
        }

        server = found;
        if (!sid.Equals(default(Range)))
        {
            // Offsets into the query, made offsets into the head.
            var queryStart = target.Start.Value + question + 1;
            sessionId = (queryStart + sid.Start.Value)..(queryStart + sid.End.Value);
        }

        return true;
    }

    private static void WriteSwitchingProtocols(PipeWriter output, ReadOnlySpan<byte> key, EngineOriginPolicy originPolicy, ReadOnlySpan<byte> allowedOrigin)
    {
        Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptLength];
        WebSocketHandshake.WriteAccept(key, accept);

        var span = output.GetSpan(128 + WebSocketHandshake.AcceptLength + EngineOriginPolicy.MaxCorsHeaderLinesLength(allowedOrigin.Length));
        var written = 0;
        Append(span, ref written, "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "u8);
        Append(span, ref written, accept);
        Append(span, ref written, "\r\n"u8);
        if (!allowedOrigin.IsEmpty)
        {
            // The headers the HTTP endpoint sets for an allowed cross-origin request, so both paths answer alike.
            written += originPolicy.WriteCorsHeaderLines(allowedOrigin, span[written..]);
        }

        Append(span, ref written, "\r\n"u8);
        output.Advance(written);
    }

    private static void Append(Span<byte> span, ref int written, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[written..]);
        written += bytes.Length;
    }

    /// <summary>
    /// A handshake the fast path answered: a new session (with its <paramref name="Handshake"/> and admission permit)
    /// or the upgrade of the polling session <paramref name="Upgrading"/>, whose upgrade is reserved.
    /// </summary>
    private sealed record Accepted(EngineServer Server, EngineHandshake? Handshake, WebSocketConnection WebSocket, RateLimitLease? Admission, EngineSession? Upgrading);
}
