using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;

namespace TypedSockets.WebSockets;

/// <summary>
/// The server side of the opening handshake: over HTTP/1.1 (RFC 6455 §4.2) through Kestrel's
/// <see cref="IHttpUpgradeFeature"/>, and over HTTP/2 (RFC 8441's extended CONNECT) through its
/// <see cref="IHttpExtendedConnectFeature"/>. A request that does not qualify is answered with an HTTP error and never
/// upgraded.
/// </summary>
public static class WebSocketAcceptor
{
    /// <summary>
    /// True when the request asks for a WebSocket (it may still fail validation): an HTTP/1.1 GET with
    /// <c>Upgrade: websocket</c>, or an HTTP/2 extended CONNECT whose <c>:protocol</c> is <c>websocket</c>.
    /// </summary>
    public static bool IsUpgradeRequest(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HttpMethods.IsGet(context.Request.Method)
            ? WebSocketHandshake.ContainsToken(context.Request.Headers.Upgrade, "websocket")
            : IsExtendedConnect(context, out _);
    }

    /// <summary>An HTTP/2 extended CONNECT for the WebSocket protocol (RFC 8441 §4), with the server's feature that accepts it.</summary>
    private static bool IsExtendedConnect(HttpContext context, [NotNullWhen(true)] out IHttpExtendedConnectFeature? connect)
    {
        connect = HttpMethods.IsConnect(context.Request.Method) ? context.Features.Get<IHttpExtendedConnectFeature>() : null;
        return connect is { IsExtendedConnect: true } && string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Validates the handshake and upgrades. On failure writes 400 (malformed request), 426 with
    /// <c>Sec-WebSocket-Version: 13</c> (other version) or 403 (origin refused), logs it, and returns null.
    /// </summary>
    public static ValueTask<WebSocketConnection?> AcceptAsync(HttpContext context, WebSocketServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var logger = context.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger(WebSocketLog.Category)
            ?? NullLogger.Instance;
        return AcceptAsync(context, options, logger);
    }

    /// <summary>
    /// As <see cref="AcceptAsync(HttpContext, WebSocketServerOptions)"/> with the caller's logger: asking the request's
    /// services for one would give the request a service scope that it keeps for as long as the WebSocket is open.
    /// With <paramref name="takeover"/> (the host's offer to take the connection back from the HTTP server), the
    /// connection is taken instead of upgraded, its 101 sent at once with <paramref name="answerNow"/> (the client speaks
    /// first: an upgrade's probe) or else with the server's first message; the caller runs within
    /// <see cref="IConnectionTakeoverFeature.Run"/>.
    /// </summary>
    internal static async ValueTask<WebSocketConnection?> AcceptAsync(HttpContext context, WebSocketServerOptions options, ILogger logger, IConnectionTakeoverFeature? takeover = null, bool answerNow = false)
    {
        var request = context.Request;
        var headers = request.Headers;
        if (IsExtendedConnect(context, out var connect))
        {
            return await AcceptExtendedConnectAsync(context, connect, options, logger).ConfigureAwait(false);
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "method is not GET");
        }

        if (!HttpProtocol.IsHttp11(request.Protocol))
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "protocol is not HTTP/1.1");
        }

        if (!WebSocketHandshake.ContainsToken(headers.Upgrade, "websocket"))
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "Upgrade is not websocket");
        }

        if (!WebSocketHandshake.ContainsToken(headers.Connection, "upgrade"))
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "Connection lacks the upgrade token");
        }

        if (!HasSupportedVersion(context, logger))
        {
            return null;
        }

        var key = headers.SecWebSocketKey;
        if (key.Count != 1 || key[0] is not { } keyValue || !WebSocketHandshake.IsValidKey(keyValue))
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "Sec-WebSocket-Key is not 16 bytes of base64");
        }

        if (!IsOriginAllowed(context, options, logger))
        {
            return null;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
        {
            return Refuse(context, logger, StatusCodes.Status400BadRequest, "the server cannot upgrade this request");
        }

        var subProtocol = AnswerSubProtocol(context, options);
        var responseHeaders = context.Response.Headers;
        responseHeaders.Upgrade = "websocket";
        responseHeaders.Connection = HeaderNames.Upgrade;
        responseHeaders.SecWebSocketAccept = WebSocketHandshake.ComputeAccept(keyValue);

        if (takeover?.TryTakeOver(context, answerNow) is { } takenOver)
        {
            return new WebSocketConnection(takenOver, isServer: true, subProtocol, options, logger);
        }

        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        return new WebSocketConnection(UpgradedRequestDuplex.Create(context, stream), isServer: true, subProtocol, options, logger);
    }

    /// <summary>
    /// A WebSocket over one HTTP/2 stream (RFC 8441 §5): no key and no accept hash (the stream is the client's
    /// alone), <c>Sec-WebSocket-Version</c>, <c>Origin</c> and <c>Sec-WebSocket-Protocol</c> as over HTTP/1.1, and 200
    /// instead of 101. The frames then travel as the stream's DATA: never through the connection's own pipes, which
    /// carry every stream of the connection.
    /// </summary>
    private static async ValueTask<WebSocketConnection?> AcceptExtendedConnectAsync(HttpContext context, IHttpExtendedConnectFeature connect, WebSocketServerOptions options, ILogger logger)
    {
        if (!HasSupportedVersion(context, logger) || !IsOriginAllowed(context, options, logger))
        {
            return null;
        }

        var subProtocol = AnswerSubProtocol(context, options);
        var stream = await connect.AcceptAsync().ConfigureAwait(false);
        return new WebSocketConnection(UpgradedRequestDuplex.Create(context, stream), isServer: true, subProtocol, options, logger);
    }

    // The rules both HTTP versions share (RFC 8441 §5 keeps them for HTTP/2).

    /// <summary>True for <c>Sec-WebSocket-Version: 13</c>; otherwise answers 426 naming 13.</summary>
    private static bool HasSupportedVersion(HttpContext context, ILogger logger)
    {
        var version = context.Request.Headers.SecWebSocketVersion;
        if (version.Count == 1 && version[0] == WebSocketHandshake.Version)
        {
            return true;
        }

        context.Response.Headers.SecWebSocketVersion = WebSocketHandshake.Version;
        Refuse(context, logger, StatusCodes.Status426UpgradeRequired, "unsupported Sec-WebSocket-Version");
        return false;
    }

    /// <summary>True when the endpoint's origin policy (if any) admits the request's <c>Origin</c>; otherwise answers 403.</summary>
    private static bool IsOriginAllowed(HttpContext context, WebSocketServerOptions options, ILogger logger)
    {
        var origin = context.Request.Headers.Origin;
        if (options.OriginPolicy is not { } originPolicy || originPolicy(origin.Count > 0 ? origin.ToString() : null))
        {
            return true;
        }

        Refuse(context, logger, StatusCodes.Status403Forbidden, "origin refused");
        return false;
    }

    /// <summary>The subprotocol chosen for the request, set on the response; null when none.</summary>
    private static string? AnswerSubProtocol(HttpContext context, WebSocketServerOptions options)
    {
        var subProtocol = SelectSubProtocol(context.Request.Headers.SecWebSocketProtocol, options.SubProtocols);
        if (subProtocol is not null)
        {
            context.Response.Headers.SecWebSocketProtocol = subProtocol;
        }

        return subProtocol;
    }

    /// <summary>The first protocol the client offers (in its order) that the server lists.</summary>
    private static string? SelectSubProtocol(Microsoft.Extensions.Primitives.StringValues offered, IList<string> supported)
    {
        if (supported.Count == 0)
        {
            return null;
        }

        foreach (var value in offered)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var candidate = value.AsSpan(range).Trim();
                for (var i = 0; i < supported.Count; i++)
                {
                    if (candidate.Equals(supported[i], StringComparison.Ordinal))
                    {
                        return supported[i];
                    }
                }
            }
        }

        return null;
    }

    private static WebSocketConnection? Refuse(HttpContext context, ILogger logger, int statusCode, string reason)
    {
        WebSocketLog.HandshakeRefused(logger, context.Connection.RemoteIpAddress, statusCode, reason);
        context.Response.StatusCode = statusCode;
        return null;
    }
}
