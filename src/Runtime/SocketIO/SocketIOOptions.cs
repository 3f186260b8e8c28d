using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>Options of the Socket.IO layer.</summary>
public sealed class SocketIOOptions
{
    /// <summary>
    /// How long an Engine.IO session may stay without joining any namespace before it is closed.
    /// Default 45 s, socket.io's <c>connectTimeout</c>.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Most binary attachments one packet may announce. Default 10, socket.io's parser limit.</summary>
    public int MaxAttachments { get; set; } = SocketIOPacketParser.DefaultMaxAttachments;

    /// <summary>
    /// Events queued for one socket while its handlers are busy; when full, reading from that client waits
    /// (backpressure on its connection only). Default 128.
    /// </summary>
    public int MaxPendingEvents { get; set; } = 128;
}
