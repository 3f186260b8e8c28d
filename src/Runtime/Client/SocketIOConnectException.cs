using System.Text.Json;

namespace TypedSockets.Client;

/// <summary>
/// The client could not connect: the server refused the namespace (its CONNECT_ERROR, with <see cref="ServerMessage"/> and
/// <see cref="ServerData"/>), the handshake broke or timed out, or every connection attempt failed. The message names the
/// namespace and says why.
/// </summary>
public sealed class SocketIOConnectException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public SocketIOConnectException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public SocketIOConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SocketIOConnectException(string @namespace, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Namespace = @namespace;
    }

    internal SocketIOConnectException(string @namespace, string message, string? serverMessage, JsonElement? data)
        : base(message)
    {
        Namespace = @namespace;
        ServerMessage = serverMessage;
        ServerData = data;
        IsRefusal = true;
    }

    /// <summary>The namespace the client was connecting to; null when not known.</summary>
    public string? Namespace { get; }

    /// <summary>The <c>message</c> of the server's CONNECT_ERROR (socket.io's <c>err.message</c>); null when the server did not refuse.</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// The <c>data</c> of the server's CONNECT_ERROR (socket.io's <c>err.data</c>, what a middleware attached to its
    /// error), a detached copy; null when the server sent none or did not refuse.
    /// </summary>
    public JsonElement? ServerData { get; }

    /// <summary>True when the server answered with CONNECT_ERROR: retrying the same handshake is pointless.</summary>
    internal bool IsRefusal { get; }
}
