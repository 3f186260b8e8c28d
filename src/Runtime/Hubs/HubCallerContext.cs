using System.Security.Claims;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>The connection a hub invocation runs for.</summary>
public sealed class HubCallerContext
{
    internal HubCallerContext(Socket socket)
    {
        Socket = socket;
    }

    /// <summary>The Socket.IO id of the connection (<c>socket.id</c> on the client); also a room of its own.</summary>
    public string ConnectionId => Socket.Id;

    /// <summary>The namespace, starting with <c>/</c>.</summary>
    public string Namespace => Socket.Namespace.Name;

    /// <summary>The auth payload the client sent with CONNECT, as raw JSON (<c>{}</c> when none).</summary>
    public ReadOnlyMemory<byte> Auth => Socket.Auth;

    /// <summary>The HTTP request that opened the connection (headers, query, remote address).</summary>
    public EngineHandshake Handshake => Socket.Handshake;

    /// <summary>
    /// The connection's user: the one the authentication middleware put on the opening request, or the one the
    /// connection's authentication set (a bearer token from the CONNECT auth payload, an authenticator).
    /// </summary>
    public ClaimsPrincipal User => Socket.User;

    /// <summary>State that lives as long as the connection, shared by all its invocations; safe to use from any thread.</summary>
    public IDictionary<string, object?> Items => Socket.Items;

    /// <summary>
    /// True when connection state recovery restored this connection after it was lost: same id, rooms and
    /// <see cref="Items"/>, and the client got what it missed (<c>socket.recovered</c> on the client).
    /// </summary>
    public bool Recovered => Socket.Recovered;

    /// <summary>Cancelled when the connection ends.</summary>
    public CancellationToken ConnectionAborted => Socket.Disconnected;

    /// <summary>The low-level socket, for what the typed surface does not cover.</summary>
    public Socket Socket { get; }

    /// <summary>Disconnects the connection from this namespace.</summary>
    public void Abort() => Socket.Disconnect();
}
