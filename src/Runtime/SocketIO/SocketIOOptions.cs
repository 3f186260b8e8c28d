namespace TypedSockets.SocketIO;

/// <summary>Options of the Socket.IO layer (configuration section <c>TypedSockets:SocketIO</c>).</summary>
public sealed class SocketIOOptions
{
    /// <summary>
    /// How long an Engine.IO session may stay without joining any namespace before it is closed.
    /// Default 45 s, socket.io's <c>connectTimeout</c>. Must be greater than zero.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = OptionDefaults.ConnectTimeout;

    /// <summary>
    /// Most binary attachments one packet may announce; a packet announcing more is a protocol error. Default 10,
    /// socket.io's parser limit. Zero refuses binary packets; must not be negative.
    /// </summary>
    public int MaxAttachments { get; set; } = OptionDefaults.MaxAttachments;

    /// <summary>
    /// Most bytes the binary attachments of one packet may hold together; an attachment that takes a packet past it
    /// closes the connection as a protocol error. A connection assembles one packet at a time, so this also bounds
    /// the memory one connection holds for an incomplete packet. Default 1,000,000 bytes (the default
    /// <c>MaxPayload</c>: one packet is as large as one message may be). Must be greater than zero.
    /// </summary>
    public int MaxBinaryPacketBytes { get; set; } = OptionDefaults.MaxBinaryPacketBytes;

    /// <summary>
    /// Longest event name a client may send, in bytes of its JSON text; a longer one closes the connection as a
    /// protocol error. Default 1024 (socket.io sets none; no real contract comes near it). Must be greater than zero.
    /// </summary>
    public int MaxEventNameLength { get; set; } = OptionDefaults.MaxEventNameLength;

    /// <summary>
    /// Deepest nesting of JSON arrays and objects a client may send in one packet (the packet's own argument array
    /// counts as one level); a deeper packet closes the connection as a protocol error ("parse error"). Default 64,
    /// System.Text.Json's default. Between 1 and 1000.
    /// </summary>
    public int MaxJsonDepth { get; set; } = OptionDefaults.MaxJsonDepth;

    /// <summary>
    /// Most rooms one socket may be in besides the room of its own id; joining one more throws
    /// <see cref="RoomLimitExceededException"/> (a hub method that does not catch it answers the caller with an
    /// error acknowledgement). Default 1000. Zero means no limit; must not be negative.
    /// </summary>
    public int MaxRoomsPerSocket { get; set; } = OptionDefaults.MaxRoomsPerSocket;

    /// <summary>
    /// Events queued for one socket while its handlers are busy; when full, reading from that client waits
    /// (backpressure on its connection only). Default 128. Must be greater than zero.
    /// </summary>
    public int MaxPendingEvents { get; set; } = OptionDefaults.MaxPendingEvents;

    /// <summary>Connection state recovery (off by default); see <see cref="ConnectionStateRecoveryOptions"/>.</summary>
    public ConnectionStateRecoveryOptions ConnectionStateRecovery { get; } = new();

    /// <summary>
    /// The packet encoding every client of this server uses: <see cref="SocketIOParser.Json"/> (the default, socket.io's
    /// own parser) or <see cref="SocketIOParser.MessagePack"/> (clients created with
    /// <c>parser: require("socket.io-msgpack-parser")</c>). A client of the other kind is refused as a protocol error on
    /// its first packet. Hubs and handlers are unchanged: arguments are converted at the connection.
    /// </summary>
    public SocketIOParser Parser { get; set; } = SocketIOParser.Json;
}
