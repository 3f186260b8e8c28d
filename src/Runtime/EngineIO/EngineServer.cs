using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TypedSockets.Diagnostics;
using TypedSockets.WebSockets;

namespace TypedSockets.EngineIO;

/// <summary>
/// An Engine.IO v4 server: serves every request under its endpoint path (handshake, long-polling GET and
/// POST, WebSocket and the upgrade from polling) and hands sessions to an <see cref="IEngineSessionAcceptor"/>.
/// </summary>
public sealed class EngineServer : IDisposable
{
    internal const string TextContentType = "text/plain; charset=UTF-8";

    // Engine.IO servers' messages for each error code, indexed by the code.
    private static readonly string[] ErrorMessages =
    [
        "Transport unknown",
        "Session ID unknown",
        "Bad handshake method",
        "Bad request",
        "Forbidden",
        "Unsupported protocol version",
    ];

    private static readonly byte[] Ok = "ok"u8.ToArray();

    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly EngineAdmission? _admission;
    private int _shuttingDown;
    private readonly EngineOriginPolicy _originPolicy;
    private readonly (byte[] Prefix, byte[] Suffix) _openWithUpgrade;
    private readonly (byte[] Prefix, byte[] Suffix) _openWithoutUpgrade;
    private int _sessionCount;

    /// <summary>
    /// A server for one endpoint whose sessions go to <paramref name="acceptor"/>; <paramref name="timeProvider"/>
    /// drives heartbeats and timeouts (a fake one in tests). Invalid options are refused with an
    /// <see cref="ArgumentException"/> naming each one.
    /// </summary>
    public EngineServer(EngineOptions options, IEngineSessionAcceptor acceptor, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(options, webSocketOptions: null, acceptor, loggerFactory, timeProvider)
    {
    }

    /// <summary>
    /// A server whose WebSocket transport takes its close timeout and keep-alive from <paramref name="webSocketOptions"/>.
    /// The message size limit stays <see cref="EngineOptions.MaxPayload"/>, the one Engine.IO announces to clients,
    /// and the clock <paramref name="timeProvider"/>.
    /// Invalid options are refused with an <see cref="ArgumentException"/> naming each one.
    /// </summary>
    public EngineServer(EngineOptions options, WebSocketConnectionOptions? webSocketOptions, IEngineSessionAcceptor acceptor, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(acceptor);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);

        // The server keeps a copy, validated: a later change to the caller's instance could not be checked.
        options = options.Snapshot();
        EngineOptionsValidator.ThrowIfInvalid(options, nameof(options));
        if (webSocketOptions is not null)
        {
            WebSocketOptionsValidator.ThrowIfInvalid(webSocketOptions, nameof(webSocketOptions));
        }

        Options = options;
        Acceptor = acceptor;
        Logger = loggerFactory.CreateLogger<EngineServer>();
        TimeProvider = timeProvider;
        WebSocketLogger = loggerFactory.CreateLogger(WebSocketLog.Category);
        Heartbeats = new HeartbeatScheduler(timeProvider);
        _originPolicy = new EngineOriginPolicy(options);
        _admission = EngineAdmission.Create(options, timeProvider, Logger);
        _openWithUpgrade = CreateOpenPacketTemplate(canUpgrade: true);
        _openWithoutUpgrade = CreateOpenPacketTemplate(canUpgrade: false);

        // Origins were checked already (with Engine.IO's error body); the heartbeat is Engine.IO's own, so the
        // WebSocket layer's keep-alive stays off unless asked for.
        var defaults = webSocketOptions ?? new WebSocketServerOptions();
        WebSocketOptions = new WebSocketServerOptions
        {
            MaxMessageSize = options.MaxPayload,
            KeepAliveInterval = defaults.KeepAliveInterval,
            KeepAliveTimeout = defaults.KeepAliveTimeout,
            CloseTimeout = defaults.CloseTimeout,
            TimeProvider = timeProvider,
        };
    }

    /// <summary>Sessions open right now (whatever their transport).</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    internal EngineOptions Options { get; }

    internal IEngineSessionAcceptor Acceptor { get; }

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>The <c>TypedSockets</c> meter's instruments: the application's (set by hosting) or the process-wide ones.</summary>
    internal TypedSocketsMetrics Metrics
    {
        get => _metrics ??= TypedSocketsMetrics.Unhosted;
        init => _metrics = value;
    }

    private TypedSocketsMetrics? _metrics;

    internal HeartbeatScheduler Heartbeats { get; }

    internal WebSocketServerOptions WebSocketOptions { get; }

    /// <summary>The WebSocket layer's logger, made once: asking the request's services for it would give every request a service scope.</summary>
    internal ILogger WebSocketLogger { get; }

    /// <summary>The origin rules, for the fast path that checks a handshake without an <see cref="HttpContext"/>.</summary>
    internal EngineOriginPolicy OriginPolicy => _originPolicy;

    /// <summary>Serves one request under the endpoint path.</summary>
    public Task HandleRequestAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!_originPolicy.Apply(context, out var refusedOrigin))
        {
            EngineLog.OriginRefused(Logger, refusedOrigin!);
            return WriteErrorAsync(context, EngineErrorCode.Forbidden, "origin not allowed");
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            EngineOriginPolicy.WritePreflight(context);
            return Task.CompletedTask;
        }

        // Not request.Query: a WebSocket's request lives as long as its connection, and so would the parsed query.
        var query = EngineRequestQuery.Read(request);
        var transport = query.Transport;
        var isPolling = transport == EngineQuery.PollingTransport && (Options.Transports & EngineTransports.Polling) != 0;
        var isWebSocket = transport == EngineQuery.WebSocketTransport && (Options.Transports & EngineTransports.WebSocket) != 0;
        if (!isPolling && !isWebSocket)
        {
            return WriteErrorAsync(context, EngineErrorCode.TransportUnknown, "unknown transport");
        }

        if (query.Protocol != EngineQuery.ProtocolVersion)
        {
            return WriteErrorAsync(context, EngineErrorCode.UnsupportedProtocolVersion, "EIO is not 4");
        }

        var sid = query.SessionId.ToString();
        if (sid.Length == 0)
        {
            if (IsShuttingDown)
            {
                // 503: a load balancer takes it as "try another node"; socket.io-client retries with its backoff.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            // A WebSocket over HTTP/2 opens with an extended CONNECT instead of a GET.
            if (!HttpMethods.IsGet(request.Method) && !(isWebSocket && WebSocketAcceptor.IsUpgradeRequest(context)))
            {
                return WriteErrorAsync(context, EngineErrorCode.BadHandshakeMethod, "handshake is not a GET");
            }

            if (!TryAdmit(EngineHandshake.RemoteAddressOf(context), out var admission))
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return Task.CompletedTask;
            }

            return isPolling ? HandshakePollingAsync(context, admission) : WebSocketRequestAsync(context, admission, upgrading: null);
        }

        if (!_sessions.TryGetValue(sid, out var session) || session.ExpireIfOverdue())
        {
            return WriteErrorAsync(context, EngineErrorCode.SessionIdUnknown, "unknown sid");
        }

        if (isWebSocket)
        {
            return WebSocketRequestAsync(context, admission: null, upgrading: session);
        }

        if (session.Transport is not PollingTransport polling)
        {
            return WriteErrorAsync(context, EngineErrorCode.BadRequest, "polling request for a session that upgraded");
        }

        if (HttpMethods.IsGet(request.Method))
        {
            return polling.HandleGetAsync(context);
        }

        if (HttpMethods.IsPost(request.Method))
        {
            return polling.HandlePostAsync(context);
        }

        return WriteErrorAsync(context, EngineErrorCode.BadRequest, "polling request that is neither GET nor POST");
    }

    /// <summary>
    /// A WebSocket request: a new session's handshake, or the upgrade of <paramref name="upgrading"/>. On a connection
    /// the host can take back from the HTTP server (the fast path's pipeline mode), it starts through the host, which
    /// runs the WebSocket after the request once the acceptor took the connection.
    /// </summary>
    private Task WebSocketRequestAsync(HttpContext context, System.Threading.RateLimiting.RateLimitLease? admission, EngineSession? upgrading) =>
        context.Features.Get<IConnectionTakeoverFeature>() is { } takeover
            ? takeover.Run(() => StartWebSocket(context, admission, upgrading, takeover))
            : StartWebSocket(context, admission, upgrading, takeover: null);

    private Task StartWebSocket(HttpContext context, System.Threading.RateLimiting.RateLimitLease? admission, EngineSession? upgrading, IConnectionTakeoverFeature? takeover) =>
        upgrading is null ? HandshakeWebSocketAsync(context, admission, takeover) : UpgradeAsync(context, upgrading, takeover);

    /// <summary>True once <see cref="ShutdownAsync"/> began: no new session is accepted.</summary>
    internal bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    /// <summary>
    /// Graceful shutdown: stops accepting sessions, closes every session as socket.io's <c>io.close()</c> does
    /// (reason "server shutting down", the Engine.IO transport closes with no Socket.IO DISCONNECT, so socket.io
    /// clients see "transport close" and reconnect, to another node behind a load balancer), lets what is queued go
    /// out for at most <see cref="EngineOptions.DrainTimeout"/>, then drops whatever is left (<see cref="Dispose"/>).
    /// </summary>
    public async Task ShutdownAsync()
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) != 0)
        {
            return;
        }

        foreach (var session in _sessions.Values)
        {
            session.Terminate(EngineCloseReason.ServerShuttingDown, EngineCloseMode.Flush);
        }

        var started = TimeProvider.GetTimestamp();
        while (!_sessions.IsEmpty && TimeProvider.GetElapsedTime(started) < Options.DrainTimeout)
        {
            // A short poll: shutdown happens once per process, and a signal per removed session would cost every session.
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider).ConfigureAwait(false);
        }

        Dispose();
    }

    /// <summary>Closes every session ("server shutting down") at once, dropping what is queued, and ending pending polls.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _shuttingDown, 1);
        foreach (var session in _sessions.Values)
        {
            session.Terminate(EngineCloseReason.ServerShuttingDown, EngineCloseMode.Discard);

            // A flushing session (above) may still wait for a poll or a close reply: end it now.
            session.Remove();
        }
    }

    internal void OnSessionClosed() => Interlocked.Decrement(ref _sessionCount);

    internal void RemoveSession(EngineSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));

    /// <summary>Refuses a request the way Engine.IO servers do: HTTP 400 (403 for Forbidden) with <c>{"code","message"}</c>.</summary>
    internal Task WriteErrorAsync(HttpContext context, EngineErrorCode code, string? detail = null)
    {
        var status = code == EngineErrorCode.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        EngineLog.RequestRefused(Logger, status, code, detail ?? ErrorMessages[(int)code]);
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var body = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)code);
            json.WriteString("message", ErrorMessages[(int)code]);
            json.WriteEndObject();
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    /// <summary>Writes a short plain-text response such as the <c>ok</c> of a POST.</summary>
    internal Task WriteOkAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = TextContentType;
        response.ContentLength = Ok.Length;
        return response.Body.WriteAsync(Ok, context.RequestAborted).AsTask();
    }

    /// <summary>The open packet: <c>0</c> followed by the handshake JSON.</summary>
    internal byte[] CreateOpenPacket(string sid, bool canUpgrade)
    {
        var packet = new byte[OpenPacketLength(sid, canUpgrade)];
        WriteOpenPacket(sid, canUpgrade, packet);
        return packet;
    }

    /// <summary>The length of the open packet for <paramref name="sid"/>.</summary>
    internal int OpenPacketLength(string sid, bool canUpgrade)
    {
        var (prefix, suffix) = canUpgrade ? _openWithUpgrade : _openWithoutUpgrade;
        return prefix.Length + sid.Length + suffix.Length;
    }

    /// <summary>Writes the open packet for <paramref name="sid"/> into <paramref name="destination"/> (<see cref="OpenPacketLength"/> bytes).</summary>
    internal void WriteOpenPacket(string sid, bool canUpgrade, Span<byte> destination)
    {
        // Everything but the sid is fixed per server: written once, copied around each new sid.
        var (prefix, suffix) = canUpgrade ? _openWithUpgrade : _openWithoutUpgrade;
        prefix.CopyTo(destination);
        System.Text.Encoding.ASCII.GetBytes(sid, destination[prefix.Length..]);
        suffix.CopyTo(destination[(prefix.Length + sid.Length)..]);
    }

    /// <summary>The open packet around its sid, split at the sid (a marker that needs no JSON escaping stands in for it).</summary>
    private (byte[] Prefix, byte[] Suffix) CreateOpenPacketTemplate(bool canUpgrade)
    {
        const string Marker = "SID";
        var buffer = new ArrayBufferWriter<byte>(160);
        buffer.GetSpan(1)[0] = (byte)EnginePacketType.Open;
        buffer.Advance(1);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sid", Marker);
            json.WriteStartArray("upgrades");
            if (canUpgrade)
            {
                json.WriteStringValue(EngineQuery.WebSocketTransport);
            }

            json.WriteEndArray();
            json.WriteNumber("pingInterval", (long)Options.PingInterval.TotalMilliseconds);
            json.WriteNumber("pingTimeout", (long)Options.PingTimeout.TotalMilliseconds);
            json.WriteNumber("maxPayload", Options.MaxPayload);
            json.WriteEndObject();
        }

        var written = buffer.WrittenSpan;
        var at = written.IndexOf("\"SID\""u8) + 1;
        return (written[..at].ToArray(), written[(at + Marker.Length)..].ToArray());
    }

    /// <summary>
    /// The per-address admission (off by default): false when <paramref name="address"/> is over a limit. On success
    /// the concurrency permit, if any, is the caller's to hand to a new session or dispose.
    /// </summary>
    internal bool TryAdmit(System.Net.IPAddress? address, out System.Threading.RateLimiting.RateLimitLease? admission)
    {
        admission = null;
        return _admission is null || _admission.TryAdmit(address, out admission);
    }

    private EngineSession CreateSession(EngineHandshake handshake, Func<EngineSession, EngineTransport> createTransport, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        while (true)
        {
            var session = new EngineSession(this, RandomId.Next(), handshake, createTransport);
            if (TryAddSession(session, admission))
            {
                return session;
            }
        }
    }

    /// <summary>A new session on a WebSocket (no delegate and closure per connect: the garbage of a connect is left as holes among the connections that stay).</summary>
    private EngineSession CreateSession(EngineHandshake handshake, WebSocketConnection connection, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        while (true)
        {
            var session = new EngineSession(this, RandomId.Next(), handshake, connection);
            if (TryAddSession(session, admission))
            {
                return session;
            }
        }
    }

    /// <summary>Registers a new session under its id; false when the id is taken (the caller draws another).</summary>
    private bool TryAddSession(EngineSession session, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        if (!_sessions.TryAdd(session.Id, session))
        {
            return false;
        }

        session.Admission = admission;
        Interlocked.Increment(ref _sessionCount);
        Metrics.ConnectionOpened(session.Transport.Name);
        if (IsShuttingDown)
        {
            // Raced the shutdown's sweep (a fast-path upgrade already answered 101): closed like the others.
            session.Terminate(EngineCloseReason.ServerShuttingDown, EngineCloseMode.Flush);
        }

        return true;
    }

    private async Task HandshakePollingAsync(HttpContext context, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        var session = CreateSession(EngineHandshake.Capture(context), static session => new PollingTransport(session), admission);
        EngineLog.SessionOpened(Logger, session.Id, session.Transport.Name);
        if (!await TryOpenAsync(session).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        var open = CreateOpenPacket(session.Id, canUpgrade: (Options.Transports & EngineTransports.WebSocket) != 0);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = TextContentType;
        response.ContentLength = open.Length;
        try
        {
            await response.Body.WriteAsync(open, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            session.Terminate(EngineCloseReason.TransportError, EngineCloseMode.Discard, "handshake response failed");
        }
    }

    /// <summary>
    /// A new session over a WebSocket this endpoint accepts; the connection is disposed when it ends. The request
    /// lasts as long as the session: when the upgrade and the open completed without waiting (the usual case), the
    /// request awaits the session's own task and keeps no frame of this endpoint; otherwise one frame runs both.
    /// </summary>
    private Task HandshakeWebSocketAsync(HttpContext context, System.Threading.RateLimiting.RateLimitLease? admission, IConnectionTakeoverFeature? takeover)
    {
        if (!WebSocketAcceptor.IsUpgradeRequest(context))
        {
            admission?.Dispose();
            return WriteErrorAsync(context, EngineErrorCode.BadRequest, "websocket transport without a WebSocket upgrade");
        }

        var accepting = WebSocketAcceptor.AcceptAsync(context, WebSocketOptions, WebSocketLogger, takeover);
        if (!accepting.IsCompletedSuccessfully)
        {
            return AcceptAndRunAsync(context, accepting, admission);
        }

        if (accepting.Result is not { } connection)
        {
            admission?.Dispose();
            return Task.CompletedTask;
        }

        return OpenAndRun(context, connection, admission);
    }

    private async Task AcceptAndRunAsync(HttpContext context, ValueTask<WebSocketConnection?> accepting, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        if (await accepting.ConfigureAwait(false) is not { } connection)
        {
            admission?.Dispose();
            return;
        }

        await OpenAndRun(context, connection, admission).ConfigureAwait(false);
    }

    /// <summary>Opens the session and runs it; the transport's run disposes the connection at its end, and a failed open here.</summary>
    private Task OpenAndRun(HttpContext context, WebSocketConnection connection, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        var opening = OpenWebSocketSessionAsync(EngineHandshake.Capture(context), connection, admission);
        if (!opening.IsCompletedSuccessfully)
        {
            return FinishOpenAndRunAsync(opening, connection);
        }

        return opening.Result is { } transport ? transport.RunAsync() : connection.DisposeAsync().AsTask();
    }

    private static async Task FinishOpenAndRunAsync(ValueTask<WebSocketTransport?> opening, WebSocketConnection connection)
    {
        await using (connection.ConfigureAwait(false))
        {
            if (await opening.ConfigureAwait(false) is { } transport)
            {
                await transport.RunAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Opens a session over a WebSocket that was just accepted (by the HTTP endpoint or the fast path below it):
    /// the open packet, then the handler hears of it. Returns the transport to run the session on, or null when
    /// the handler refused it. The caller runs it and disposes the connection, in its own async frame: an idle
    /// connection keeps no frame of this method.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<WebSocketTransport?> OpenWebSocketSessionAsync(EngineHandshake handshake, WebSocketConnection connection, System.Threading.RateLimiting.RateLimitLease? admission)
    {
        var session = CreateSession(handshake, connection, admission);
        var transport = (WebSocketTransport)session.Transport;
        EngineLog.SessionOpened(Logger, session.Id, session.Transport.Name);

        // A pooled buffer: the packet is framed into the send buffer, and every byte a connect leaves behind as garbage
        // is a hole among the long-lived objects of the connections around it.
        var length = OpenPacketLength(session.Id, canUpgrade: false);
        var open = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            WriteOpenPacket(session.Id, canUpgrade: false, open);
            await connection.SendAsync(open.AsMemory(0, length), WebSocketMessageKind.Text).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(open);
        }

        return await TryOpenAsync(session).ConfigureAwait(false) ? transport : null;
    }

    /// <summary>A WebSocket for an existing polling session: the upgrade (probe, then <c>5</c>), then the session runs over it.</summary>
    private async Task UpgradeAsync(HttpContext context, EngineSession session, IConnectionTakeoverFeature? takeover)
    {
        if (!WebSocketAcceptor.IsUpgradeRequest(context))
        {
            await WriteErrorAsync(context, EngineErrorCode.BadRequest, "websocket transport without a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        var reserved = session.TryReserveUpgrade();
        var connection = await WebSocketAcceptor.AcceptAsync(context, WebSocketOptions, WebSocketLogger, takeover, answerNow: true).ConfigureAwait(false);
        if (connection is null)
        {
            if (reserved)
            {
                session.AbandonUpgrade();
            }

            return;
        }

        if (!reserved)
        {
            // One WebSocket per session: like Engine.IO servers, complete the handshake and close this one.
            EngineLog.UpgradeAbandoned(Logger, session.Id, "the session is closed, upgraded or already upgrading");
            await using (connection.ConfigureAwait(false))
            {
                await connection.CloseAsync(WebSocketCloseCode.PolicyViolation).ConfigureAwait(false);
            }

            return;
        }

        await RunUpgradeAsync(session, connection).ConfigureAwait(false);
    }

    /// <summary>
    /// For the host's fast path: the session a WebSocket with <paramref name="sid"/> would upgrade, its one upgrade
    /// reserved for the caller; null, with nothing reserved, when the HTTP endpoint has to answer the request (an
    /// unknown or expired sid, a session that is closed, upgraded or already upgrading), so that both paths answer
    /// such a request alike.
    /// </summary>
    internal EngineSession? TryReserveUpgrade(string sid) =>
        _sessions.TryGetValue(sid, out var session) && !session.ExpireIfOverdue() && session.TryReserveUpgrade() ? session : null;

    /// <summary>
    /// Runs the upgrade of <paramref name="session"/> (reserved) over a WebSocket just accepted for it, by the HTTP
    /// endpoint or the fast path: the probe, then <c>5</c>, then the session runs over it. The connection is
    /// disposed when this ends, whether the upgrade happened or not.
    /// </summary>
    internal async Task RunUpgradeAsync(EngineSession session, WebSocketConnection connection)
    {
        var transport = new WebSocketTransport(session, connection);
        if (!await transport.TryUpgradeAsync().ConfigureAwait(false))
        {
            session.AbandonUpgrade();
            await using (connection.ConfigureAwait(false))
            {
                await transport.CloseUnusedAsync().ConfigureAwait(false);
            }

            return;
        }

        // Disposes the connection when the session ends.
        await transport.RunAsync().ConfigureAwait(false);
    }

    private async ValueTask<bool> TryOpenAsync(EngineSession session)
    {
        try
        {
            await session.OpenAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception exception)
        {
            EngineLog.HandlerFailed(Logger, exception, session.Id);
            session.Terminate(EngineCloseReason.ForcedClose, EngineCloseMode.Discard, "OnOpen failed");
            return false;
        }
    }
}
