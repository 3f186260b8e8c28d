using Microsoft.AspNetCore.Http.Features;

namespace TypedSockets.WebSockets;

/// <summary>
/// The stream of an HTTP/1.1 request that switched protocols: the HTTP server closes the TCP connection when
/// the request ends (after the close handshake), and dropping the connection aborts the request.
/// </summary>
internal sealed class UpgradedRequestDuplex : WebSocketDuplex
{
    // The request's lifetime feature rather than a delegate to its Abort: a delegate would be one more object
    // kept by every open connection, and the feature is the HTTP server's own per-connection object.
    private readonly IHttpRequestLifetimeFeature _lifetime;

    public UpgradedRequestDuplex(Stream stream, IHttpRequestLifetimeFeature lifetime)
        : base(stream, input: null, ownsStream: false)
    {
        _lifetime = lifetime;
    }

    public override void Abort() => _lifetime.Abort();
}
