using System.Net.Security;

namespace TypedSockets.WebSockets;

/// <summary>Options of the client role (<see cref="WebSocketClient.ConnectAsync"/>).</summary>
public sealed class WebSocketClientOptions : WebSocketConnectionOptions
{
    /// <summary>Subprotocols offered, in order of preference. Default empty.</summary>
    public IList<string> SubProtocols { get; } = new List<string>();

    /// <summary>Extra request headers of the opening handshake (for example <c>Origin</c> or cookies).</summary>
    public IDictionary<string, string> RequestHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Time for TCP connect, TLS and the opening handshake together. Default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Certificate check for wss://; null uses the system's validation.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidationCallback { get; set; }

    /// <summary>Where protocol errors are logged; null logs nothing.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }
}
