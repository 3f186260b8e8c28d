using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// The configuration keys of <see cref="TypedSocketsOptions.WebSockets"/>, all optional: a key left out keeps the
/// value set in code. (The options type itself holds a clock and a delegate, which configuration cannot bind.)
/// </summary>
internal sealed class WebSocketSection
{
    public int? MaxMessageSize { get; set; }

    public TimeSpan? KeepAliveInterval { get; set; }

    public TimeSpan? KeepAliveTimeout { get; set; }

    public TimeSpan? CloseTimeout { get; set; }

    public List<string> SubProtocols { get; } = [];

    public void ApplyTo(WebSocketServerOptions options)
    {
        options.MaxMessageSize = MaxMessageSize ?? options.MaxMessageSize;
        options.KeepAliveInterval = KeepAliveInterval ?? options.KeepAliveInterval;
        options.KeepAliveTimeout = KeepAliveTimeout ?? options.KeepAliveTimeout;
        options.CloseTimeout = CloseTimeout ?? options.CloseTimeout;
        foreach (var subProtocol in SubProtocols)
        {
            options.SubProtocols.Add(subProtocol);
        }
    }
}
