using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// The configuration keys of <see cref="TypedSocketsOptions.WebSockets"/>: the settings the Engine.IO endpoint takes
/// from it, all optional (a key left out keeps the value set in code). The options type itself also holds a clock and
/// a delegate, which configuration cannot bind, and settings of <c>MapWebSocket</c> endpoints.
/// </summary>
internal sealed class WebSocketSection
{
    public TimeSpan? KeepAliveInterval { get; set; }

    public TimeSpan? KeepAliveTimeout { get; set; }

    public TimeSpan? CloseTimeout { get; set; }

    public void ApplyTo(WebSocketServerOptions options)
    {
        options.KeepAliveInterval = KeepAliveInterval ?? options.KeepAliveInterval;
        options.KeepAliveTimeout = KeepAliveTimeout ?? options.KeepAliveTimeout;
        options.CloseTimeout = CloseTimeout ?? options.CloseTimeout;
    }
}
