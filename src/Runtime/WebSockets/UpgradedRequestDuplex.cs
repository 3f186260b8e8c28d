using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TypedSockets.WebSockets;

/// <summary>
/// The stream of a request that switched protocols (an HTTP/1.1 upgrade, or an HTTP/2 extended CONNECT): the HTTP
/// server ends the connection (HTTP/1.1) or the stream (HTTP/2) when the request ends, after the close handshake, and
/// dropping the connection aborts the request.
/// </summary>
/// <remarks>
/// Over Kestrel, frames are read from and written to the connection's own pipes, below the upgraded stream, as the
/// fast path does: Kestrel's upgraded request stream only passes reads through to the connection's input pipe
/// (and writes, once the 101 is flushed, through to its output), so a stream reader on top of it would keep a
/// second read buffer, a reader object and two parked read frames per idle connection, and copy every byte twice.
/// </remarks>
internal sealed class UpgradedRequestDuplex : WebSocketDuplex
{
    // The request's lifetime feature rather than a delegate to its Abort: a delegate would be one more object
    // kept by every open connection, and the feature is the HTTP server's own per-connection object.
    private readonly IHttpRequestLifetimeFeature _lifetime;

    private UpgradedRequestDuplex(Stream stream, IHttpRequestLifetimeFeature lifetime)
        : base(stream, input: null, ownsStream: false)
    {
        _lifetime = lifetime;
    }

    // The input pipe stays the HTTP server's to complete when the request ends.
    private UpgradedRequestDuplex(IDuplexPipe connection, IHttpRequestLifetimeFeature lifetime)
        : base(connection.Input, connection.Output.AsStream(leaveOpen: true), completesInput: false)
    {
        _lifetime = lifetime;
    }

    /// <summary>
    /// The duplex of a request that <paramref name="stream"/> was just returned for by its upgrade feature (HTTP/1.1) or
    /// its extended CONNECT (HTTP/2).
    /// </summary>
    public static WebSocketDuplex Create(HttpContext context, Stream stream)
    {
        if (context.Features.Get<IHttpRequestLifetimeFeature>() is not { } lifetime)
        {
            // The host ends the connection or stream when the request ends, after the close handshake.
            return new WebSocketDuplex(stream, input: null, ownsStream: false);
        }

        // Only Kestrel's own HTTP/1.1 upgraded stream is known to pass straight through to the connection's pipes (a
        // test server or a middleware's wrapper may not; an HTTP/2 stream is one of several the connection carries), and
        // the connection's transport is reachable from the request only through Kestrel's fallback to its connection
        // features.
        return HttpProtocol.IsHttp11(context.Request.Protocol)
            && stream.GetType().Assembly == KestrelAssembly
            && context.Features.Get<IConnectionTransportFeature>()?.Transport is { } connection
            ? new UpgradedRequestDuplex(connection, lifetime)
            : new UpgradedRequestDuplex(stream, lifetime);
    }

    public override void Abort() => _lifetime.Abort();

    private static readonly System.Reflection.Assembly KestrelAssembly = typeof(KestrelServerOptions).Assembly;
}
