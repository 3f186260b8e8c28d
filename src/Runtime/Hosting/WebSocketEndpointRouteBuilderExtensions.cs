using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Hosting;

namespace TypedSockets.WebSockets;

/// <summary>Hosting of a raw WebSocket endpoint on our own framing.</summary>
public static class WebSocketEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <paramref name="pattern"/> to a WebSocket endpoint: the handshake is validated (HTTP errors
    /// for bad requests), then <paramref name="handler"/> runs with the connection and the request's
    /// abort token. When the handler returns the connection is closed normally if still open
    /// (1011 if the handler threw), and the host closes TCP.
    /// </summary>
    public static IEndpointConventionBuilder MapWebSocket(
        this IEndpointRouteBuilder endpoints,
        string pattern,
        Func<WebSocketConnection, CancellationToken, Task> handler,
        Action<WebSocketServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        var options = new WebSocketServerOptions();
        configure?.Invoke(options);

        // One logger for the endpoint: the request's services would give every connection a service scope it keeps.
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(WebSocketLog.Category) ?? NullLogger.Instance;
        return endpoints.Map(pattern, async context =>
        {
            var connection = await WebSocketAcceptor.AcceptAsync(context, options, logger).ConfigureAwait(false);
            if (connection is null)
            {
                return;
            }

            await using (connection.ConfigureAwait(false))
            {
                try
                {
                    await handler(connection, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    // The client went away; there is nobody left to tell.
                }
                catch
                {
                    await connection.CloseAsync(WebSocketCloseCode.InternalError).ConfigureAwait(false);
                    throw;
                }
            }
        }).WithRealtimeConventions();
    }
}
