using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TypedSockets.Hosting;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel endpoint options for TypedSockets.</summary>
public static class TypedSocketsListenOptionsExtensions
{
    /// <summary>
    /// Accepts Socket.IO WebSocket connections (<c>GET /socket.io/?EIO=4&amp;transport=websocket</c>, for every
    /// endpoint mapped with <c>MapSocketIO</c>/<c>MapHub</c>: a new session without a <c>sid</c>, or the upgrade of a
    /// long-polling session that can upgrade now) below the HTTP server: the first request of each connection on
    /// this endpoint is read here, a valid handshake is answered directly and the session runs on the raw
    /// connection, which then holds none of the HTTP server's per-request state (about half of what an idle
    /// connection costs). Every other request, and every handshake that would be refused, reaches the HTTP server
    /// unchanged, so polling, other endpoints and error answers behave as before.
    /// </summary>
    /// <remarks>
    /// Opt-in, because the connections it accepts skip the ASP.NET Core pipeline: HTTP middleware
    /// (authentication, CORS policies, rate limiting, forwarded headers, request logging) and endpoint
    /// conventions such as <c>RequireAuthorization</c> do not run for them, and <c>Handshake.User</c> is
    /// anonymous for a session opened here (a session upgraded from polling keeps its handshake's user; its
    /// <c>sid</c> admits the upgrade). The handshake's headers (cookies, bearer tokens), query, path and remote address are there,
    /// so Socket.IO middleware (<c>Namespace.Use</c>) can authenticate; or use the pipeline mode of the overload that
    /// takes <see cref="FastPathOptions"/>, where every handshake goes through the pipeline. Call it after <c>UseHttps</c> so that it
    /// sees decrypted bytes; on an endpoint whose TLS is added later (an <c>https</c> URL from configuration)
    /// it sees only TLS records and leaves every connection to the HTTP server. HTTP/2 connections (what browsers pick on
    /// an HTTPS endpoint that offers it) are the HTTP server's too: their WebSockets are streams of a shared connection,
    /// served by the endpoint; an endpoint limited to HTTP/1.1 keeps browsers on the fast path. Needs <c>AddTypedSockets()</c>.
    /// For endpoints from <c>--urls</c>: <c>builder.WebHost.ConfigureKestrel(k =&gt; k.ConfigureEndpointDefaults(l =&gt; l.UseTypedSocketsFastPath()))</c>.
    /// </remarks>
    public static ListenOptions UseTypedSocketsFastPath(this ListenOptions listenOptions) => listenOptions.UseTypedSocketsFastPath(static _ => { });

    /// <summary>
    /// As <see cref="UseTypedSocketsFastPath(ListenOptions)"/>, with the choices of <see cref="FastPathOptions"/>: with
    /// <see cref="FastPathOptions.HandshakesThroughPipeline"/>, every Socket.IO WebSocket handshake goes through the
    /// ASP.NET Core pipeline (authentication, <c>RequireAuthorization</c> and the rest of the HTTP middleware run for
    /// it, and <c>Handshake.User</c> is the request's user), and the connection is taken back from the HTTP server
    /// once the endpoint accepted it, so an idle connection keeps none of the HTTP server's state.
    /// </summary>
    /// <param name="listenOptions">The Kestrel endpoint.</param>
    /// <param name="configure">Sets the fast path's options.</param>
    /// <returns><paramref name="listenOptions"/>.</returns>
    public static ListenOptions UseTypedSocketsFastPath(this ListenOptions listenOptions, Action<FastPathOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new FastPathOptions();
        configure(options);
        var handshakesThroughPipeline = options.HandshakesThroughPipeline;
        listenOptions.Use(next =>
        {
            var services = listenOptions.ApplicationServices;
            var routes = services.GetService<FastPathRoutes>()
                ?? throw new InvalidOperationException("Call builder.Services.AddTypedSockets() before UseTypedSocketsFastPath.");
            var limits = services.GetService<IOptions<KestrelServerOptions>>()?.Value.Limits;
            var middleware = new FastPathMiddleware(
                next,
                routes,
                limits?.RequestHeadersTimeout ?? TimeSpan.FromSeconds(30),
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                handshakesThroughPipeline);
            return middleware.OnConnectionAsync;
        });
        return listenOptions;
    }
}
